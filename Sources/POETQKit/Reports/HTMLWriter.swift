import Foundation

/// Builds an HTML page piece by piece; every text is escaped.
struct HTMLWriter {
  private(set) var html = ""

  static func escape(_ text: String) -> String { SVGCanvas.escape(text) }

  mutating func raw(_ markup: String) {
    html += markup
    html += "\n"
  }

  mutating func element(_ name: String, _ text: String, attributes: String = "") {
    raw("<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(Self.escape(text))</\(name)>")
  }

  /// Paragraphs from text with blank lines between them; single line breaks kept as `<br>`.
  mutating func paragraphs(_ text: String) {
    let blocks = text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    for block in blocks where !block.isEmpty {
      raw("<p>" + block.components(separatedBy: "\n").map(Self.escape).joined(separator: "<br>") + "</p>")
    }
  }

  mutating func list(_ items: [String], heading: String, attributes: String = "") {
    raw("<h3>\(Self.escape(heading))</h3><ul\(attributes.isEmpty ? "" : " " + attributes)>")
    for item in items { raw("<li>\(Self.escape(item))</li>") }
    raw("</ul>")
  }

  /// A table with its caption; numbers right-aligned.
  mutating func table(_ table: ReportTable, attributes: String = "") {
    var out =
      "<table\(attributes.isEmpty ? "" : " " + attributes)><caption>\(Self.escape(table.title))</caption><thead><tr>"
    let first = table.rowCount > 0 ? table.row(0) : []
    for (index, column) in table.columns.enumerated() {
      let numeric = index < first.count && first[index].isNumeric
      out += numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">"
      out += Self.escape(column) + "</th>"
    }
    out += "</tr></thead><tbody>\n"
    for index in 0..<table.rowCount {
      out += "<tr>"
      for cell in table.row(index) {
        // Short labels ("Most disagree", "▲ −2 **") stay on one line; statements wrap.
        out += cell.isNumeric ? "<td class=\"num\">" : cell.display.count <= 14 ? "<td class=\"short\">" : "<td>"
        out += Self.escape(cell.display) + "</td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody></table>"
    raw(out)
    if !table.note.isEmpty { element("p", table.note, attributes: "class=\"table-note\"") }
  }

  /// A figure: the SVG, its caption, and its table in a `<details>` (the text alternative).
  mutating func figure(_ figure: SVGFigure) {
    raw("<figure id=\"figure-\(figure.id)\">")
    raw(figure.svg)
    element("figcaption", figure.title)
    raw("<details><summary>The numbers behind this figure</summary>")
    table(figure.table)
    raw("</details></figure>")
  }
}

extension ReportCell {
  /// Whether the cell holds a number (right-aligned, written as a number in spreadsheets).
  var isNumeric: Bool {
    switch self {
    case .number, .integer: true
    case .text, .empty: false
    }
  }
}
