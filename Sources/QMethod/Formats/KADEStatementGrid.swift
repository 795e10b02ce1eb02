import Foundation

/// KADE's "type 1" Excel template, where each participant's column lists the statement numbers
/// placed in the cells of the grid (KADE `src/Sections/Input/Excel/parseExcelType1.js` and
/// `excelLogic/`: `createMultiplierArrayAndTriangleShape`, `getExcelT1SortText`,
/// `getRespondentNamesExcelT1`, `getRespondentSortsExcelT1`). On its sorts sheet, rows numbered as
/// Excel numbers them:
/// - B2: the project name;
/// - rows 6–25: a score in column A and, in column B, how many statements that column of the grid
///   holds (rows with no count are unused);
/// - row 30: a label in column A, then one participant's name per column from B;
/// - rows 31 … 30 + n, one per grid cell (n statements): the cell's score in column A and, under
///   each participant, the number of the statement placed in that cell.
///
/// The sheet is taken for this template only when rows 6–25 give a grid of n ≥ 2 cells and column A
/// of rows 31 … 30 + n holds exactly the grid's scores, so a sheet of sorts as rows is never
/// mistaken for it.
enum KADEStatementGrid {
  struct Layout {
    var title: String
    /// The grid's score for each of its n cells, as rows 6–25 give it (KADE's "sort triangle shape").
    var pattern: [Int]
    /// One record per participant column, its scores in statement order.
    var records: [SortRecord]
  }

  static let patternRows = 6...25
  static let namesRow = 30

  static func read(_ rows: [(row: Int, cells: [String])], sheetName: String) -> Layout? {
    var byNumber: [Int: [String]] = [:]
    for (row, cells) in rows { byNumber[row] = cells.map { $0.trimmingCharacters(in: .whitespaces) } }
    func cell(_ row: Int, _ column: Int) -> String {
      guard let cells = byNumber[row], column < cells.count else { return "" }
      return cells[column]
    }
    var pattern: [Int] = []
    for row in patternRows {
      guard let score = KADEWorkbook.integer(cell(row, 0)), let count = KADEWorkbook.integer(cell(row, 1)), count >= 1
      else { continue }
      guard count <= FormatLimits.maxStatements, pattern.count + count <= FormatLimits.maxStatements else { return nil }
      pattern += Array(repeating: score, count: count)
    }
    let n = pattern.count
    guard n >= 2, let names = byNumber[namesRow] else { return nil }
    let cellRows = (namesRow + 1)...(namesRow + n)
    let cellScores = cellRows.map { KADEWorkbook.integer(cell($0, 0)) }
    guard cellScores.allSatisfy({ $0 != nil }), cellScores.compactMap({ $0 }).sorted() == pattern.sorted() else {
      return nil
    }
    var records: [SortRecord] = []
    for column in 1..<max(names.count, 1) where !names[column].isEmpty {
      let letters = columnLetters(column)
      var record = SortRecord(
        id: names[column], place: "column \(letters) of sheet \(sheetName)", line: nil, scores: [])
      var scores = [Int?](repeating: nil, count: n)
      var rowOf: [Int: Int] = [:]
      for (offset, row) in cellRows.enumerated() {
        let text = cell(row, column)
        guard let statement = KADEWorkbook.integer(text) else {
          record.problem =
            text.isEmpty
            ? "has no statement number in cell \(letters)\(row)"
            : "cell \(letters)\(row) holds \"\(text.prefix(24))\", not a statement number"
          break
        }
        guard (1...n).contains(statement) else {
          record.problem = "cell \(letters)\(row) holds statement \(statement), outside 1…\(n)"
          break
        }
        if let first = rowOf[statement] {
          record.problem = "places statement \(statement) twice (cells \(letters)\(first) and \(letters)\(row))"
          break
        }
        rowOf[statement] = row
        scores[statement - 1] = cellScores[offset]
      }
      if record.problem == nil { record.scores = scores.compactMap { $0 } }
      records.append(record)
    }
    return Layout(title: cell(2, 1), pattern: pattern, records: records)
  }

  /// "A", "B", …, "Z", "AA", … for a 0-based column.
  static func columnLetters(_ column: Int) -> String {
    var index = column + 1
    var name = ""
    while index > 0 {
      let remainder = (index - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + remainder))) + name
      index = (index - 1) / 26
    }
    return name
  }
}
