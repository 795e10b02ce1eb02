import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The cell texts of an Excel `.xlsx` workbook's sheets, by sheet name (read only).
///
/// An `.xlsx` is a ZIP archive (ECMA-376 Part 2, read with ZIPFoundation) of SpreadsheetML parts
/// (ECMA-376 Part 1, §18): `xl/workbook.xml` names the sheets and their relationship ids,
/// `xl/_rels/workbook.xml.rels` maps those to the sheet parts, `xl/sharedStrings.xml` holds the
/// strings cells refer to by index (`t="s"`, rich-text runs `<r><t>` joined, phonetic runs `<rPh>`
/// skipped), and each sheet part lists `<row>`s of `<c r="B3" t="…"><v>…</v></c>` cells, inline
/// strings as `<is><t>`. Cells are placed by their reference (`B3` → row 3, column 2), so empty
/// cells Excel leaves out come back as empty strings; numbers are kept as written (`3`, `-2`, `3.0`).
struct XLSXWorkbook {
  /// Sheet names in workbook order.
  var sheetNames: [String] = []
  /// Rows of cell texts by sheet name; each row is `(1-based row number, cells from column A)`.
  var sheets: [String: [(row: Int, cells: [String])]] = [:]

  init(data: Data, fileName: String, limits: XLSXLimits = .standard) throws(QMethodError) {
    func fail(_ message: String) -> QMethodError {
      .malformedInput(file: fileName, line: nil, field: nil, message: message)
    }
    let archive: Archive
    do { archive = try Archive(data: data, accessMode: .read) } catch {
      throw fail("is not a readable Excel workbook (.xlsx is a ZIP archive): \(error)")
    }
    var unpacker = XLSXUnpacker(archive: archive, fileName: fileName, limits: limits)
    func part(_ path: String) throws(QMethodError) -> Data? { try unpacker.part(path) }
    guard let workbook = try part("xl/workbook.xml") else {
      throw fail("has no xl/workbook.xml: save it from Excel or LibreOffice as an Excel workbook (.xlsx)")
    }
    let sheetList = XMLElements.parse(workbook).filter { $0.name == "sheet" }
    let relations = try part("xl/_rels/workbook.xml.rels").map { XMLElements.parse($0) } ?? []
    var targets: [String: String] = [:]
    for relation in relations where relation.name == "Relationship" {
      guard let id = relation.attributes["Id"], var target = relation.attributes["Target"] else { continue }
      if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
      targets[id] = target
    }
    let shared = try part("xl/sharedStrings.xml").map(XMLElements.sharedStrings) ?? []
    for (index, sheet) in sheetList.enumerated() {
      let name = sheet.attributes["name"] ?? "Sheet\(index + 1)"
      let id = sheet.attributes["r:id"] ?? sheet.attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
      let path = targets[id] ?? "xl/worksheets/sheet\(index + 1).xml"
      guard let xml = try part(path) else { throw fail("sheet \"\(name)\" (\(path)) is missing from the archive") }
      sheetNames.append(name)
      sheets[name] = try XMLElements.cells(
        xml, shared: shared, sheet: name, fileName: fileName, deadline: unpacker.deadline)
      if unpacker.isPastDeadline { throw unpacker.overBudget }
    }
  }

  /// The first sheet whose name, lower-cased, is one of `names`.
  func sheet(named names: [String]) -> (name: String, rows: [(row: Int, cells: [String])])? {
    guard let name = sheetNames.first(where: { names.contains($0.lowercased()) }) else { return nil }
    return (name, sheets[name] ?? [])
  }
}

/// Small SpreadsheetML readers on FoundationXML's `XMLParser` (namespaces ignored, local names kept).
enum XMLElements {
  struct Element {
    var name: String
    var attributes: [String: String]
  }

  /// Every element's name and attributes, in document order.
  static func parse(_ data: Data) -> [Element] {
    let collector = Collector()
    let parser = XMLParser(data: data)
    parser.delegate = collector
    _ = parser.parse()
    return collector.elements
  }

  /// `xl/sharedStrings.xml`: the text of each `<si>`, rich-text runs joined, phonetic runs skipped.
  static func sharedStrings(_ data: Data) -> [String] {
    let reader = TextReader()
    let parser = XMLParser(data: data)
    parser.delegate = reader
    _ = parser.parse()
    return reader.strings
  }

  /// A sheet's rows: cell texts placed by their references.
  static func cells(
    _ data: Data, shared: [String], sheet: String, fileName: String,
    deadline: ContinuousClock.Instant = .now + XLSXLimits.standard.budget
  ) throws(QMethodError) -> [(row: Int, cells: [String])] {
    let reader = SheetReader(shared: shared, deadline: deadline)
    let parser = XMLParser(data: data)
    parser.delegate = reader
    guard parser.parse() else {
      if reader.timedOut { return [] }  // the caller names the budget
      throw .malformedInput(
        file: fileName, line: nil, field: "sheet \(sheet)",
        message: "the sheet's XML cannot be read: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
    }
    if let problem = reader.problem {
      throw .malformedInput(file: fileName, line: nil, field: "sheet \(sheet)", message: problem)
    }
    return reader.rows.sorted { $0.key < $1.key }.map { row, cells in
      let width = (cells.keys.max() ?? -1) + 1
      return (row, (0..<width).map { cells[$0] ?? "" })
    }
  }

  static func localName(_ name: String) -> String {
    name.split(separator: ":").last.map(String.init) ?? name
  }

  /// "BC12" → (row 12, column index 54); nil when it is no cell reference.
  static func reference(_ text: String) -> (row: Int, column: Int)? {
    var column = 0
    var digits = Substring(text)
    while let first = digits.first, first.isASCII, first.isLetter {
      column = column * 26 + Int(first.uppercased().unicodeScalars.first!.value - 64)
      digits = digits.dropFirst()
      if column > 16_384 { return nil }
    }
    guard column > 0, let row = Int(digits), row > 0 else { return nil }
    return (row, column - 1)
  }

  final class Collector: NSObject, XMLParserDelegate {
    var elements: [Element] = []
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String]
    ) {
      elements.append(Element(name: XMLElements.localName(elementName), attributes: attributes))
    }
  }

  final class TextReader: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String]
    ) {
      switch XMLElements.localName(elementName) {
      case "si": current = ""
      case "rPh": phonetic += 1
      case "t": inText = phonetic == 0
      default: break
      }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
      switch XMLElements.localName(elementName) {
      case "si": strings.append(current)
      case "rPh": phonetic -= 1
      case "t": inText = false
      default: break
      }
    }
  }

  final class SheetReader: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [Int: [Int: String]] = [:]
    var problem: String?
    private var rowNumber = 0
    private var nextColumn = 0
    private var cell: (row: Int, column: Int, type: String)?
    private var text = ""
    private var collecting = false
    /// When reading stops (checked every few thousand elements: the clock is not free).
    private let deadline: ContinuousClock.Instant
    private var elements = 0
    private(set) var timedOut = false

    init(shared: [String], deadline: ContinuousClock.Instant) {
      self.shared = shared
      self.deadline = deadline
    }

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String]
    ) {
      elements += 1
      if elements % 4096 == 0, ContinuousClock.now > deadline {
        timedOut = true
        parser.abortParsing()
        return
      }
      switch XMLElements.localName(elementName) {
      case "row":
        rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
        nextColumn = 0
      case "c":
        let place = attributes["r"].flatMap(XMLElements.reference) ?? (rowNumber, nextColumn)
        cell = (place.row, place.column, attributes["t"] ?? "n")
        nextColumn = place.column + 1
        text = ""
      case "v", "t": collecting = cell != nil
      default: break
      }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }
    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
      switch XMLElements.localName(elementName) {
      case "v", "t": collecting = false
      case "c":
        guard let current = cell else { return }
        var value = text
        if current.type == "s" {
          if let index = Int(text.trimmingCharacters(in: .whitespaces)), shared.indices.contains(index) {
            value = shared[index]
          } else {
            problem = "cell \(current.row):\(current.column + 1) refers to shared string \(text), which does not exist"
          }
        }
        if !value.isEmpty { rows[current.row, default: [:]][current.column] = value }
        cell = nil
      default: break
      }
    }
  }
}
