import Foundation

/// KADE's Excel input (read only), in the shapes its "Excel" panels read (KADE
/// `src/Sections/Input/Excel`, `…/Kanded`), one sheet per part, names matched without case:
/// - `sorts` (also `qsorts`, `q-sorts`, `q sorts`): one row per sort, the id in column A and the
///   scores in statement order from column B. Rows before the first sort (a title, a header
///   `id,1,2,…,n`, KADE's project lines) are skipped: a sort row is an id followed by whole numbers.
/// - `statements` (or `statement`): one statement per row, the text in column A, or in column B
///   when column A holds its number; a heading row `Statements` is skipped.
/// - `name` (or `project overview`, `analysis overview`): the project name, the cell after a label
///   such as "Project name" or the first cell.
/// - `pattern`: KADE's Q-sort pattern, the score of every grid cell (`-4,-4,-3,…`); when it holds
///   as many scores as there are statements it fixes the forced grid the sorts are checked against.
///
/// KADE's older "type 1" template (statement numbers typed into the grid) is not read; save its
/// sorts sheet in the layout above, or export the data as CSV.
enum KADEWorkbook {
  static let sortSheets = ["sorts", "qsorts", "q-sorts", "q sorts"]
  static let statementSheets = ["statements", "statement"]
  static let nameSheets = ["name", "project overview", "analysis overview", "project name"]

  static func read(
    data: Data, fileName: String, options: ReadOptions, statementTexts: [String]?, textsFileName: String?,
    distribution: Distribution?
  ) throws(QMethodError) -> QSortData {
    let workbook = try XLSXWorkbook(data: data, fileName: fileName)
    var input = FormatInput(fileName: fileName, utf8: [], options: options)
    guard let sorts = workbook.sheet(named: sortSheets) else {
      throw input.error(
        line: nil, field: nil,
        "has no sheet named \"sorts\" (sheets: \(workbook.sheetNames.map { "\"\($0)\"" }.joined(separator: ", "))); KADE's workbook keeps the sorts on a sheet \"sorts\""
      )
    }
    var records: [SortRecord] = []
    var expected: Int? = nil
    for (row, cells) in sorts.rows {
      let used = cells.lastIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0 + 1 } ?? 0
      guard used >= 1 else { continue }
      let values = cells[1..<max(used, 1)].map { integer($0) }
      let place = "row \(row) of sheet \(sorts.name)"
      if records.isEmpty {
        // A header `id,1,2,…,n` names the statement count; other leading rows are not sorts.
        if values.count >= 2, values.enumerated().allSatisfy({ $0.element == $0.offset + 1 }) {
          expected = values.count
          continue
        }
        guard values.count >= 2, values.filter({ $0 != nil }).count * 2 > values.count else { continue }
      }
      var record = SortRecord(id: cells[0].trimmingCharacters(in: .whitespaces), place: place, line: nil, scores: [])
      for (offset, value) in values.enumerated() {
        guard let value else {
          record.problem =
            "column \(offset + 2) (statement \(offset + 1)) is \"\(cells[offset + 1].prefix(24))\", not a whole number"
          break
        }
        record.scores.append(value)
      }
      records.append(record)
    }
    guard !records.isEmpty else {
      throw input.error(
        line: nil, field: "sheet \(sorts.name)", "holds no sort: expected rows of an id followed by the scores")
    }
    var parsed = ParsedSorts()
    let kept = try SortRecords.collect(records, expectedLength: expected, into: &parsed, input: &input)
    let n = parsed.texts.count
    if let statements = workbook.sheet(named: statementSheets) {
      var texts: [String] = []
      for (_, cells) in statements.rows {
        let cells = cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let first = cells.first else { continue }
        let text = cells.count >= 2 && integer(first) != nil ? cells[1] : first
        if texts.isEmpty, ["statements", "statement", "text"].contains(text.lowercased()) { continue }
        texts.append(text)
      }
      while texts.count > n, texts.last?.isEmpty == true { texts.removeLast() }
      if texts.count == n {
        parsed.texts = texts
      } else {
        input.notes.append(
          "\(fileName): sheet \(statements.name) holds \(texts.count) statements but the sorts have \(n); the texts were not used"
        )
      }
    }
    if let name = workbook.sheet(named: nameSheets), let first = name.rows.first {
      let cells = first.cells.filter { !$0.isEmpty }
      let labels = ["name", "project name", "project", "title"]
      parsed.title =
        cells.count >= 2 && labels.contains(cells[0].lowercased().trimmingCharacters(in: .punctuationCharacters))
        ? cells[1] : cells.first ?? ""
    }
    if distribution == nil, let pattern = workbook.sheet(named: ["pattern"]) {
      let scores = pattern.rows.flatMap(\.cells).compactMap { integer($0) }
      if scores.count == n, let grid = try? Distribution.inferred(fromSort: scores) {
        parsed.declared = grid
      } else {
        input.notes.append(
          "\(fileName): sheet \(pattern.name) holds \(scores.count) scores, not one per statement (\(n)); the grid is inferred from the sorts"
        )
      }
    }
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution
    ) { sort, statement in
      (nil, statement.map { "\(kept[sort].place), column \($0 + 2)" } ?? kept[sort].place)
    }
  }

  /// A whole number as a sheet holds it: `3`, `-2`, `+1`, `3.0`.
  static func integer(_ text: String) -> Int? {
    let bytes = Array(text.utf8)
    return FormatSupport.parseInteger(bytes, 0..<bytes.count)
  }
}
