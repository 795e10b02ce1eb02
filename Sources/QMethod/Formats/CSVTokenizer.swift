import Foundation

/// A small RFC 4180 tokenizer over UTF-8 bytes.
///
/// Hand-written rather than taken from a package because the `QMethod` target depends on Foundation
/// only, and because it never builds a `String` for a cell: it hands out byte ranges, so the score
/// cells (nearly all of a Q data file) are parsed straight from the buffer. That reads 100,000 sorts
/// × 60 statements (12 MB) in a few tens of milliseconds.
///
/// Rules: cells are separated by `delimiter` (comma, semicolon or tab); rows end at `\n`, `\r\n` or
/// `\r`; a cell that starts with `"` runs to the matching `"` and may hold delimiters, line breaks and
/// doubled quotes (`""`); a quote inside an unquoted cell is kept as text. A cell longer than
/// ``FormatLimits/maxFieldBytes`` is refused, so one huge line cannot make the reader build a huge
/// string.
struct CSVTokenizer {
  /// One cell: its bytes (without the surrounding quotes) and whether it held doubled quotes.
  struct Cell {
    var range: Range<Int>
    var quoted: Bool
    var hasDoubledQuotes: Bool
  }

  let bytes: [UInt8]
  let delimiter: UInt8
  let input: FormatInput
  /// The byte the next row starts at.
  private(set) var position: Int = 0
  /// The 1-based line the next row starts on.
  private(set) var line: Int = 1

  /// Starts at the top of the file, past an Excel `sep=;` line (whose delimiter ``sniffDelimiter(_:)``
  /// already reports).
  init(input: FormatInput, delimiter: UInt8) {
    self.input = input
    self.bytes = input.bytes
    self.delimiter = delimiter
    if let end = Self.separatorLineEnd(bytes) {
      position = end
      line = 2
    }
  }

  /// Where the line after an Excel `sep=X` first line starts, if the file has one.
  static func separatorLineEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 5, bytes[0] | 0x20 == 0x73, bytes[1] | 0x20 == 0x65, bytes[2] | 0x20 == 0x70, bytes[3] == 0x3D
    else { return nil }
    var index = 5
    while index < bytes.count, FormatSupport.isBlank(bytes[index]) { index += 1 }
    guard index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D else { return nil }
    if index < bytes.count, bytes[index] == 0x0D { index += 1 }
    if index < bytes.count, bytes[index] == 0x0A { index += 1 }
    return index
  }

  /// Reads the next row into `cells` (replacing its contents).
  /// - Returns: the 1-based line the row starts on, or `nil` at the end of the file.
  mutating func nextRow(into cells: inout [Cell]) throws(QMethodError) -> Int? {
    cells.removeAll(keepingCapacity: true)
    let count = bytes.count
    guard position < count else { return nil }
    let rowLine = line
    while true {
      let cellLine = line
      var cell: Cell
      if position < count, bytes[position] == 0x22 {
        // Quoted cell: up to the closing quote; "" stands for one quote.
        let start = position + 1
        var index = start
        var doubled = false
        var closed = false
        while index < count {
          let byte = bytes[index]
          if byte == 0x22 {
            if index + 1 < count, bytes[index + 1] == 0x22 {
              doubled = true
              index += 2
              continue
            }
            closed = true
            break
          }
          if byte == 0x0A || (byte == 0x0D && !(index + 1 < count && bytes[index + 1] == 0x0A)) { line += 1 }
          index += 1
        }
        guard closed else {
          throw input.error(
            line: cellLine, field: "column \(cells.count + 1)",
            "a quoted cell is never closed; check for a stray \" character")
        }
        cell = Cell(range: start..<index, quoted: true, hasDoubledQuotes: doubled)
        position = index + 1
        // Blanks may follow the closing quote; anything else is an error.
        while position < count, FormatSupport.isBlank(bytes[position]) { position += 1 }
        if position < count, bytes[position] != delimiter, bytes[position] != 0x0A, bytes[position] != 0x0D {
          throw input.error(
            line: line, field: "column \(cells.count + 1)",
            "text follows the closing quote of a quoted cell; double the quotes inside a quoted cell (\"\")")
        }
      } else {
        let start = position
        while position < count {
          let byte = bytes[position]
          if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
          position += 1
        }
        cell = Cell(range: start..<position, quoted: false, hasDoubledQuotes: false)
      }
      guard cell.range.count <= FormatLimits.maxFieldBytes else {
        throw input.error(
          line: cellLine, field: "column \(cells.count + 1)",
          "a cell is \(cell.range.count) bytes long; cells above 1 MB are refused (is this really a CSV file?)")
      }
      cells.append(cell)
      guard position < count else { return rowLine }
      let byte = bytes[position]
      position += 1
      if byte == delimiter { continue }
      // End of row.
      if byte == 0x0D, position < count, bytes[position] == 0x0A { position += 1 }
      line += 1
      return rowLine
    }
  }

  /// The text of a cell: quotes undone, UTF-8 (or Windows-1252) decoded, unquoted cells trimmed.
  func text(_ cell: Cell) -> String {
    let range = cell.quoted ? cell.range : FormatSupport.trimmed(bytes, cell.range)
    let text = FormatSupport.decodeText(bytes[range])
    return cell.hasDoubledQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
  }

  /// Whether a cell is empty or blank.
  func isEmpty(_ cell: Cell) -> Bool {
    FormatSupport.trimmed(bytes, cell.range).isEmpty
  }

  /// The delimiter of a file: the most frequent of comma, semicolon and tab in its first line
  /// (outside quotes); comma when none occurs.
  static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
    if separatorLineEnd(bytes) != nil, [0x2C, 0x3B, 0x09].contains(bytes[4]) { return bytes[4] }
    var commas = 0
    var semicolons = 0
    var tabs = 0
    var inQuotes = false
    for byte in bytes.prefix(1 << 20) {
      if byte == 0x22 { inQuotes.toggle() }
      if inQuotes { continue }
      if byte == 0x0A || byte == 0x0D { break }
      switch byte {
      case 0x2C: commas += 1
      case 0x3B: semicolons += 1
      case 0x09: tabs += 1
      default: break
      }
    }
    if semicolons > commas, semicolons >= tabs { return 0x3B }
    if tabs > commas, tabs > semicolons { return 0x09 }
    return 0x2C
  }
}
