import Foundation

/// KADE's Excel input (read only), in the shapes its "Excel" panels read (KADE
/// `src/Sections/Input/Excel`, `…/Kanded`), one sheet per part, names matched without case:
/// - `sorts` (also `qsorts`, `q-sorts`, `q sorts`): one row per sort, the id in column A and the
///   scores in statement order from column B. Rows before the first sort (a title, a header
///   `id,1,2,…,n`, KADE's project lines) are skipped: a sort row is an id followed by whole numbers.
///   A header `Respondent,S1,…,Sn,…` (Ken-Q Analysis's export, KADE's "type 3") fixes n, and the
///   columns after Sn (`Standard Deviation`, `Mean`) are kept as sort metadata. A row labelled
///   `Sort Pattern` (KADE's "type 2") is the grid, not a sort; a row labelled `Project name` gives
///   the title.
/// - KADE's "type 1" sorts sheet, the grid typed in with statement numbers: `KADEStatementGrid`.
/// - `statements` (or `statement`): one statement per row, the text in column A, or in column B
///   when column A holds its number; a heading row `Statements` is skipped.
/// - `name` (or `project overview`, `analysis overview`): the project name, the cell after a label
///   such as "Project name" or the first cell; on Ken-Q's overview, the row labelled
///   `Q-sort Triangle Shape` (or `… pattern`) holds the grid as one text `-4,-4,-3,…`.
/// - `pattern`: KADE's Q-sort pattern, the score of every grid cell (`-4,-4,-3,…`); when it holds
///   as many scores as there are statements it fixes the forced grid the sorts are checked against.
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
    var title: String? = nil
    // The grid as the sorts sheet (types 1 and 2) or the overview (type 3) gives it, with where.
    var sheetPattern: (scores: [Int], place: String)? = nil
    if let grid = KADEStatementGrid.read(sorts.rows, sheetName: sorts.name) {
      records = grid.records
      expected = grid.pattern.count
      title = grid.title.isEmpty ? nil : grid.title
      sheetPattern = (grid.pattern, "rows 6–25 of sheet \(sorts.name)")
    } else {
      var extraColumns: [(column: Int, label: String)] = []
      for (row, cells) in sorts.rows {
        let used = cells.lastIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0 + 1 } ?? 0
        guard used >= 1 else { continue }
        let label = Self.label(cells[0])
        if Self.patternLabels.contains(label) {
          sheetPattern = (cells[1..<used].compactMap { integer($0) }, "row \(row) of sheet \(sorts.name)")
          continue
        }
        if records.isEmpty, Self.titleLabels.contains(label), used == 2 {
          title = cells[1].trimmingCharacters(in: .whitespaces)
          continue
        }
        if records.isEmpty, let header = Self.statementHeader(cells[1..<used]) {
          // A header `id,1,2,…,n` or `Respondent,S1,…,Sn[,Standard Deviation,Mean]` names the count.
          expected = header.count
          extraColumns = header.extra
          continue
        }
        let scoreEnd = expected.map { min(used, $0 + 1) } ?? used
        let values = cells[1..<max(scoreEnd, 1)].map { integer($0) }
        let place = "row \(row) of sheet \(sorts.name)"
        if records.isEmpty {
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
        for (column, label) in extraColumns where column < cells.count {
          let value = cells[column].trimmingCharacters(in: .whitespaces)
          if !value.isEmpty { record.metadata[label] = value }
        }
        records.append(record)
      }
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
        // A heading row: `Statements`, or Ken-Q's `Statement Number,Statements`.
        if texts.isEmpty, cells.contains(where: { ["statements", "statement", "text"].contains($0.lowercased()) }) {
          continue
        }
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
    if let title { parsed.title = title }
    if let name = workbook.sheet(named: nameSheets) {
      let rows = name.rows.map { $0.cells.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
      if let labelled = rows.first(where: { $0.count >= 2 && Self.titleLabels.contains(Self.label($0[0])) }) {
        parsed.title = labelled[1]
      } else if title == nil, let first = rows.first(where: { !$0.isEmpty }) {
        parsed.title = first[0]
      }
      // Ken-Q's overview: the grid as one text "-4,-4,-3,…" after its label (KADE's type 3 reads it).
      for (row, cells) in name.rows where cells.count >= 2 && Self.patternLabels.contains(Self.label(cells[0])) {
        let scores = cells[1...].joined(separator: ",").split(separator: ",").compactMap {
          integer(String($0).trimmingCharacters(in: .whitespaces))
        }
        if sheetPattern == nil { sheetPattern = (scores, "row \(row) of sheet \(name.name)") }
      }
    }
    var pattern = sheetPattern
    if let sheet = workbook.sheet(named: ["pattern"]) {
      pattern = (sheet.rows.flatMap(\.cells).compactMap { integer($0) }, "sheet \(sheet.name)")
    }
    if distribution == nil, let (scores, place) = pattern {
      if scores.count == n, let grid = try? Distribution.inferred(fromSort: scores) {
        parsed.declared = grid
      } else {
        input.notes.append(
          "\(fileName): \(place) holds \(scores.count) scores, not one per statement (\(n)); the grid is inferred from the sorts"
        )
      }
    }
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution
    ) { sort, statement in
      (nil, statement.map { "\(kept[sort].place), column \($0 + 2)" } ?? kept[sort].place)
    }
  }

  /// Labels of the row holding the grid: KADE's type 2 "Sort Pattern", Ken-Q's "Q-sort Triangle Shape".
  static let patternLabels: Set<String> = [
    "sort pattern", "q-sort pattern", "q sort pattern", "qsort pattern", "q-sort triangle shape", "sort triangle shape",
  ]
  /// Labels of the cell before the project's name.
  static let titleLabels: Set<String> = ["name", "project name", "project", "title"]

  /// A label cell as compared: lower-cased, without surrounding blanks and punctuation (`Project name:`).
  static func label(_ text: String) -> String {
    text.lowercased().trimmingCharacters(in: .whitespaces).trimmingCharacters(in: .punctuationCharacters)
  }

  /// The statement count of a header row's cells after column A: `1,2,…,n` or `S1,S2,…,Sn`, then
  /// optionally other labels (Ken-Q's `Standard Deviation`, `Mean`), returned with their columns.
  static func statementHeader(_ cells: ArraySlice<String>) -> (count: Int, extra: [(column: Int, label: String)])? {
    var count = 0
    var prefixed = false
    var extra: [(column: Int, label: String)] = []
    for (column, text) in zip(cells.indices, cells) {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      let hasPrefix = trimmed.first.map { "sS".contains($0) } == true
      let number = hasPrefix ? String(trimmed.dropFirst()) : trimmed
      if extra.isEmpty, integer(number) == count + 1, count == 0 || hasPrefix == prefixed {
        prefixed = hasPrefix
        count += 1
      } else if count >= 2, prefixed, !trimmed.isEmpty, integer(trimmed) == nil {
        // Only after `S1…Sn` labels: after bare numbers, a word is a sort's unreadable cell.
        extra.append((column, trimmed))
      } else {
        return nil
      }
    }
    return count >= 2 ? (count, extra) : nil
  }

  /// A whole number as a sheet holds it: `3`, `-2`, `+1`, `3.0`.
  static func integer(_ text: String) -> Int? {
    let bytes = Array(text.utf8)
    return FormatSupport.parseInteger(bytes, 0..<bytes.count)
  }
}
