import Foundation
import QMethod

extension WordBody {
  /// The width of the page between its margins, in twentieths of a point (A4 less 2 × 2 cm).
  static let textWidth = 9638

  /// The factor array as a table shaped like the sorting grid, as KADE and PQMethod show a
  /// composite sort: one column per score from the lowest (left) to the highest, headed by the
  /// score (and the grid's label for it), each statement's number stacked in the column of its
  /// score, the highest z-score at the top; with its wording cut short when the columns are wide
  /// enough to hold a few words (``gridText(_:columns:)``).
  mutating func gridTable(_ aids: FactorAids) throws {
    let columns = aids.grid
    guard !columns.isEmpty else { return }
    let width = Self.textWidth / columns.count
    let tallest = columns.map(\.statements.count).max() ?? 0
    try paragraph("Factor \(aids.label) array as the sorting grid", style: "Caption")
    var xml =
      "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"\(width * columns.count)\" w:type=\"dxa\"/>"
      + "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"40\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
      + String(repeating: "<w:gridCol w:w=\"\(width)\"/>", count: columns.count) + "</w:tblGrid>"
    xml += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
    xml += columns.map { Self.gridCell([(ReportFormat.score($0.score), true)], width: width, shaded: true) }.joined()
    xml += "</w:tr>"
    if columns.contains(where: { !$0.label.isEmpty }) {
      xml += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
      xml += columns.map { Self.gridCell([($0.label, false)], width: width, shaded: true) }.joined()
      xml += "</w:tr>"
    }
    for slot in 0..<tallest {
      xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
      for column in columns {
        guard slot < column.statements.count else {
          xml += Self.gridCell([], width: width)
          continue
        }
        let statement = column.statements[slot]
        var lines = [(String(statement.number), true)]
        if let text = Self.gridText(statement.text, columns: columns.count) { lines.append((text, false)) }
        xml += Self.gridCell(lines, width: width)
      }
      xml += "</w:tr>\n"
    }
    try raw(xml + "</w:tbl>")
    try paragraph(
      "Most disagree on the left, most agree on the right; within a column the highest z-score is at the top.",
      italic: true)
  }

  /// A statement's wording cut to what a grid of `columns` columns has room for (three lines of 7 pt
  /// text in a column of the page's width, about 66 twentieths of a point a character), at a word
  /// boundary with "…"; `nil` when a column holds fewer than 8 characters a line (numbers only).
  static func gridText(_ text: String, columns: Int) -> String? {
    let perLine = (textWidth / max(columns, 1) - 80) / 66
    guard perLine >= 8, !text.isEmpty else { return nil }
    let room = perLine * 3
    guard text.count > room else { return text }
    var cut = String(text.prefix(room - 1))
    if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > room / 2 {
      cut = String(cut[..<space])
    }
    return cut + "…"
  }

  /// One centred cell of the grid: each line a paragraph of 7 pt text (bold when asked).
  static func gridCell(_ lines: [(String, Bool)], width: Int, shaded: Bool = false) -> String {
    var xml = "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
    if shaded { xml += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>" }
    xml += "</w:tcPr>"
    if lines.isEmpty { return xml + "<w:p/></w:tc>" }
    for (text, bold) in lines {
      xml += "<w:p><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr>"
      xml += "\(bold ? "<w:b/>" : "")<w:sz w:val=\"14\"/></w:rPr>"
      xml += "<w:t xml:space=\"preserve\">\(XMLText.escape(text))</w:t></w:r></w:p>"
    }
    return xml + "</w:tc>"
  }
}
