import Foundation
import ZIPFoundation

/// A ZIP file being written (XLSX, DOCX and the CSV bundle are all ZIP packages). Large parts are
/// streamed: written to a temporary file in chunks, then deflated into the archive, so a table of
/// 10,000 sorts is never held as one string.
final class ZipPackage {
  private let archive: Archive
  private let scratch: URL

  /// Creates (or replaces) the package at `url`.
  init(creating url: URL) throws {
    try? FileManager.default.removeItem(at: url)
    archive = try Archive(url: url, accessMode: .create)
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-zip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: scratch) }

  /// Adds a small part from a string (UTF-8).
  func add(_ path: String, _ text: String) throws {
    let data = Data(text.utf8)
    try archive.addEntry(
      with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
    ) { position, size in
      data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
    }
  }

  /// Adds a part written piece by piece through a ``StreamWriter``.
  func add(_ path: String, streaming write: (inout StreamWriter) throws -> Void) throws {
    let file = scratch.appendingPathComponent(UUID().uuidString)
    var writer = try StreamWriter(url: file)
    try write(&writer)
    try writer.close()
    try archive.addEntry(with: path, fileURL: file, compressionMethod: .deflate)
    try? FileManager.default.removeItem(at: file)
  }

  /// Runs `body` on a package written to a temporary file and returns the file's bytes.
  static func data(_ body: (ZipPackage) throws -> Void) throws -> Data {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-\(UUID().uuidString).zip")
    defer { try? FileManager.default.removeItem(at: url) }
    do {
      let package = try ZipPackage(creating: url)
      try body(package)
    }
    return try Data(contentsOf: url)
  }
}

/// Buffered UTF-8 output to a file: text is appended to a buffer flushed every 256 KiB.
struct StreamWriter {
  private let handle: FileHandle
  private var buffer = Data()

  init(url: URL) throws {
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
    }
    handle = try FileHandle(forWritingTo: url)
    buffer.reserveCapacity(1 << 18)
  }

  mutating func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 18 {
      try handle.write(contentsOf: buffer)
      buffer.removeAll(keepingCapacity: true)
    }
  }

  mutating func close() throws {
    if !buffer.isEmpty { try handle.write(contentsOf: buffer) }
    buffer.removeAll()
    try handle.close()
  }
}

/// XML text: escaped, and without the control characters XML 1.0 forbids.
enum XMLText {
  static func escape(_ text: String) -> String {
    // Fast path: nothing to escape or drop (no &, <, >, " and no control character).
    guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 < 0x20 || $0 == 0xEF })
    else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
