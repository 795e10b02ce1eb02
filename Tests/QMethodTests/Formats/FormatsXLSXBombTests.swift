import Foundation
import Testing
import ZIPFoundation

@testable import QMethod

/// Workbooks made to exhaust memory: a sheet of about a gigabyte of repeated XML that packs to a few
/// MB, once with ZIP headers that claim it is 1,000 bytes (the file of issue 24: the old reader
/// trusted the header and took 104 s and 6.6 GB), once honest about its size, and a smaller one
/// whose packing ratio no workbook has. Each is refused, naming the file and the part, without
/// unpacking it.
@Suite("Formats: XLSX bombs are refused")
struct FormatsXLSXBombTests {
  /// A sheet part of `rows` repeated rows, produced a block at a time (never whole in memory).
  struct RepeatedSheet {
    static let prefix = Data(
      #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        .utf8)
    static let suffix = Data("</sheetData></worksheet>".utf8)
    static let row = Data(#"<row><c t="inlineStr"><is><t>again and again</t></is></c></row>"#.utf8)
    /// 1,024 rows: what the provider copies from.
    static let block = Data((0..<1_024).flatMap { _ in row })

    let rows: Int
    var bodyCount: Int { rows * Self.row.count }
    var count: Int { Self.prefix.count + bodyCount + Self.suffix.count }

    func bytes(at position: Int, count size: Int) -> Data {
      var out = Data(capacity: size)
      var position = position
      let end = min(position + size, count)
      while position < end {
        let bodyStart = Self.prefix.count
        let bodyEnd = bodyStart + bodyCount
        if position < bodyStart {
          let upTo = min(end, bodyStart)
          out.append(Self.prefix[position..<upTo])
          position = upTo
        } else if position < bodyEnd {
          let offset = (position - bodyStart) % Self.block.count
          let take = min(end, bodyEnd, position + Self.block.count - offset) - position
          out.append(Self.block[offset..<(offset + take)])
          position += take
        } else {
          let offset = position - bodyEnd
          let take = min(end - position, Self.suffix.count - offset)
          out.append(Self.suffix[offset..<(offset + take)])
          position += take
        }
      }
      return out
    }
  }

  static let sheetPath = "xl/worksheets/sheet1.xml"

  /// A real workbook (ZIPFoundation's deflate) whose one sheet is `sheet`.
  static func workbook(_ sheet: RepeatedSheet) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    func add(_ path: String, _ text: String) throws { try archive.addText(path, text) }
    let (main, rel) = (Archive.spreadsheetML, Archive.relationships)
    try add(
      "xl/workbook.xml",
      "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"sorts\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    )
    try add(
      "xl/_rels/workbook.xml.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
    )
    try archive.addEntry(
      with: sheetPath, type: .file, uncompressedSize: Int64(sheet.count), compressionMethod: .deflate,
      bufferSize: 1 << 20
    ) { position, size in sheet.bytes(at: Int(position), count: size) }
    return try #require(archive.data)
  }

  /// `zip` with the unpacked size of `path` set to `size` in its local and central headers (the
  /// packed size and the checksum stay true).
  static func declaring(_ size: UInt32, for path: String, in zip: Data) -> Data {
    var bytes = [UInt8](zip)
    let name = Array(path.utf8)
    func read16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func write32(_ value: UInt32, at: Int) {
      for index in 0..<4 { bytes[at + index] = UInt8((value >> (8 * UInt32(index))) & 0xFF) }
    }
    func named(_ nameStart: Int, _ length: Int) -> Bool {
      length == name.count && nameStart + length <= bytes.count
        && Array(bytes[nameStart..<(nameStart + length)]) == name
    }
    var index = 0
    while index + 46 <= bytes.count {
      if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x03, bytes[index + 3] == 0x04,
        named(index + 30, read16(index + 26))
      {
        write32(size, at: index + 22)  // local file header: uncompressed size
      }
      if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x01, bytes[index + 3] == 0x02,
        named(index + 46, read16(index + 28))
      {
        write32(size, at: index + 24)  // central directory header: uncompressed size
      }
      index += 1
    }
    return Data(bytes)
  }

  static func message(of error: QMethodError) -> String {
    guard case .malformedInput(let file, _, _, let message) = error else { return "\(error)" }
    return "\(file): \(message)"
  }

  @Test("a gigabyte sheet whose headers claim 1,000 bytes is refused as soon as it passes them")
  func lyingHeaders() throws {
    let sheet = RepeatedSheet(rows: (1 << 30) / RepeatedSheet.row.count)
    let honest = try Self.workbook(sheet)
    #expect(honest.count < 16 << 20, "the test's bomb packs a gigabyte into a few MB (\(honest.count) bytes)")
    let lying = Self.declaring(1_000, for: Self.sheetPath, in: honest)
    #expect(lying != honest, "the sizes were patched")
    let error = #expect(throws: QMethodError.self) { try XLSXWorkbook(data: lying, fileName: "lying.xlsx") }
    let text = error.map(Self.message) ?? ""
    #expect(text.hasPrefix("lying.xlsx: "), "\(text)")
    #expect(text.contains(Self.sheetPath) && text.contains("1,000 bytes its ZIP header declares"), "\(text)")
    // The same through the readers an upload and `poetq analyze` use.
    #expect(throws: QMethodError.self) { try QDataReader.read(data: lying, fileName: "lying.xlsx") }

    // Told the truth, the same sheet is refused before a byte is unpacked.
    let told = #expect(throws: QMethodError.self) { try XLSXWorkbook(data: honest, fileName: "big.xlsx") }
    let toldText = told.map(Self.message) ?? ""
    #expect(toldText.contains("\(Self.sheetPath) is larger than 64 MB unpacked"), "\(toldText)")
  }

  @Test("a sheet within the size cap but packed far tighter than any workbook is refused by the ratio")
  func packingRatio() throws {
    let sheet = RepeatedSheet(rows: (40 << 20) / RepeatedSheet.row.count)
    let bomb = try Self.workbook(sheet)
    let error = #expect(throws: QMethodError.self) { try XLSXWorkbook(data: bomb, fileName: "dense.xlsx") }
    let text = error.map(Self.message) ?? ""
    #expect(text.contains("\(Self.sheetPath) unpacks to more than 200 times its packed size"), "\(text)")
  }

  @Test("the whole workbook's budget: past the deadline, reading stops with the time named")
  func wallClockBudget() throws {
    let sheet = RepeatedSheet(rows: 10_000)
    let workbook = try Self.workbook(sheet)
    var limits = XLSXLimits()
    limits.budget = .zero
    let error = #expect(throws: QMethodError.self) {
      try XLSXWorkbook(data: workbook, fileName: "slow.xlsx", limits: limits)
    }
    let text = error.map(Self.message) ?? ""
    #expect(text.hasPrefix("slow.xlsx: took longer than 0 s"), "\(text)")
    // Within the ordinary budget the same workbook reads: 10,000 rows.
    let read = try XLSXWorkbook(data: workbook, fileName: "slow.xlsx")
    #expect(read.sheets["sorts"]?.count == 10_000)
  }
}
