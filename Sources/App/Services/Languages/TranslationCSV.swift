import Foundation
import POETQKit

/// The translator's spreadsheet: one row per text of the study, `key,source,translation,status`.
///
/// Written as Excel opens it without asking (UTF-8 with a byte-order mark, CRLF line ends, RFC 4180
/// quoting for commas, quotes and line breaks in cells); read back as Excel, LibreOffice or a script
/// saves it (the mark optional, CRLF or LF, comma or — as a French or German Excel saves "CSV" —
/// semicolon). The fourth column tells the translator what changed (`current`, `out of date`,
/// `missing`); the reader accepts the file with or without it and ignores it.
///
/// A cell a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) is written with a leading
/// apostrophe (``SpreadsheetCSV``), which the reader takes off again, so a source such as "-4: not at
/// all" survives the round trip unchanged.
enum TranslationCSV {
  /// What the fourth column says about a text.
  enum Status: String, Sendable {
    /// Translated from the study's current text.
    case current
    /// Translated from a text that has changed since.
    case outOfDate = "out of date"
    /// Not translated yet.
    case missing
  }

  /// One text in the file.
  struct Row: Equatable, Sendable {
    var key: String
    var source: String
    var translation: String
    var status: Status
  }

  /// A row read back: what the translator sent, with its spreadsheet row (the header is row 1).
  struct ReadRow: Equatable, Sendable {
    var row: Int
    var key: String
    var source: String
    var translation: String
    /// The translator set the row's status to `current`: a translation that went out of date is
    /// confirmed as it stands (the new source needs no change to it). Without a status column, or
    /// with any other status, an unchanged out-of-date translation stays out of date.
    var confirmed = false
  }

  static let header = ["key", "source", "translation", "status"]
  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  // MARK: Writing

  /// The file for `rows`: the mark, the header, one CRLF-ended line per row.
  static func write(_ rows: [Row]) -> Data {
    var text = line(header)
    for row in rows {
      text += line([row.key, cell(row.source), cell(row.translation), row.status.rawValue])
    }
    return Data(byteOrderMark) + Data(text.utf8)
  }

  /// A text cell: neutralised against formulas, quoted when it must be.
  private static func cell(_ text: String) -> String { SpreadsheetCSV.text(text) }

  private static func line(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }

  // MARK: Reading

  /// Why a file cannot be read, naming its row.
  struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
    var row: Int
    var message: String
    var description: String { "Row \(row): \(message)" }
  }

  /// The rows of `data` below its header. Blank rows are skipped (and counted, so the row numbers
  /// are the spreadsheet's).
  /// - Throws: ``Problem`` naming the row: not UTF-8, a missing or wrong header, a row with another
  ///   number of cells than the header, a quoted cell never closed or followed by text.
  static func read(_ data: Data) throws(Problem) -> [ReadRow] {
    var bytes = data[...]
    if bytes.starts(with: byteOrderMark) { bytes = bytes.dropFirst(byteOrderMark.count) }
    guard let text = String(bytes: bytes, encoding: .utf8) else {
      throw Problem(
        row: 1,
        message: "the file is not UTF-8 text; save it as “CSV UTF-8” (Excel) or “Text CSV, UTF-8” (LibreOffice).")
    }
    let records = try records(in: text)
    guard let first = records.first, !first.isBlank else {
      throw Problem(row: 1, message: "the header must be key,source,translation (and status, if you kept it).")
    }
    // A spreadsheet may keep empty columns to the right of the table: they are not part of it.
    let names = Array(
      first.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.reversed().drop { $0.isEmpty }.reversed()
    )
    guard names == Array(header.prefix(3)) || names == header else {
      throw Problem(
        row: 1,
        message: "the header must be key,source,translation (and status, if you kept it), not "
          + first.cells.joined(separator: ",") + ".")
    }
    var rows: [ReadRow] = []
    for var record in records.dropFirst() where !record.isBlank {
      while record.cells.count > names.count, record.cells.last?.trimmingCharacters(in: .whitespaces).isEmpty == true {
        record.cells.removeLast()
      }
      guard record.cells.count == names.count else {
        throw Problem(
          row: record.row,
          message: "\(record.cells.count) cell\(record.cells.count == 1 ? "" : "s"), but the header has "
            + "\(names.count); a text with a comma, a quote or a line break must be in quotes.")
      }
      rows.append(
        ReadRow(
          row: record.row, key: record.cells[0].trimmingCharacters(in: .whitespaces),
          source: restored(record.cells[1]), translation: restored(record.cells[2]),
          confirmed: record.cells.count > 3
            && record.cells[3].trimmingCharacters(in: .whitespaces).lowercased() == Status.current.rawValue))
    }
    return rows
  }

  /// What ``SpreadsheetCSV`` puts an apostrophe before.
  private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

  /// A cell as written before ``SpreadsheetCSV/neutralised(_:)`` guarded it.
  static func restored(_ cell: String) -> String {
    guard cell.hasPrefix("'"), let next = cell.dropFirst().first, formulaStarts.contains(next) else {
      return cell
    }
    return String(cell.dropFirst())
  }

  /// One record of the file: its row number and cells.
  struct Record: Equatable {
    var row: Int
    var cells: [String]
    var isBlank: Bool { cells.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
  }

  /// The records of `text` (RFC 4180): cells split at the delimiter of the first line (comma, or
  /// semicolon when that line has more of those), records ended by CRLF, LF or CR outside quotes; a
  /// quoted cell may hold delimiters, line breaks and doubled quotes.
  static func records(in text: String) throws(Problem) -> [Record] {
    let scalars = Array(text.unicodeScalars)
    let delimiter = delimiter(of: scalars)
    var records: [Record] = []
    var cells: [String] = []
    var cell = String.UnicodeScalarView()
    var row = 1
    var index = 0
    var atCellStart = true
    func endCell() {
      cells.append(String(cell))
      cell = String.UnicodeScalarView()
      atCellStart = true
    }
    func endRecord() {
      endCell()
      records.append(Record(row: row, cells: cells))
      cells = []
      row += 1
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if atCellStart, scalar == "\"" {
        // A quoted cell: up to the closing quote; "" stands for one quote.
        index += 1
        var closed = false
        while index < scalars.count {
          if scalars[index] == "\"" {
            if index + 1 < scalars.count, scalars[index + 1] == "\"" {
              cell.append("\"")
              index += 2
              continue
            }
            closed = true
            index += 1
            break
          }
          cell.append(scalars[index])
          index += 1
        }
        guard closed else {
          throw Problem(
            row: row,
            message: "the quoted cell in column \(cells.count + 1) is never closed; check for a stray \" character.")
        }
        atCellStart = false
        if index < scalars.count, ![delimiter, "\r", "\n"].contains(scalars[index]) {
          throw Problem(
            row: row,
            message: "text follows the closing quote in column \(cells.count + 1); "
              + "a quote inside a quoted cell is written twice (\"\").")
        }
        continue
      }
      atCellStart = false
      switch scalar {
      case delimiter:
        endCell()
      case "\r", "\n":
        if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
        endRecord()
      default:
        cell.append(scalar)
      }
      index += 1
    }
    // The last record, unless the file ended with its line break.
    if !cells.isEmpty || !cell.isEmpty || !atCellStart { endRecord() }
    return records
  }

  /// The delimiter of the first line outside quotes: `;` when it has more semicolons than commas.
  private static func delimiter(of scalars: [Unicode.Scalar]) -> Unicode.Scalar {
    var commas = 0
    var semicolons = 0
    var quoted = false
    for scalar in scalars {
      if scalar == "\"" { quoted.toggle() }
      if quoted { continue }
      if scalar == "\r" || scalar == "\n" { break }
      if scalar == "," { commas += 1 }
      if scalar == ";" { semicolons += 1 }
    }
    return semicolons > commas ? ";" : ","
  }
}
