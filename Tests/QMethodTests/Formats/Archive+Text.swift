import Foundation
import ZIPFoundation

/// The workbooks the format tests build part by part in memory (ZIPFoundation's deflate, as a
/// spreadsheet program writes them).
extension Archive {
  static let spreadsheetML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  /// Adds `text` as the UTF-8 file `path`, deflated.
  func addText(_ path: String, _ text: String) throws {
    let bytes = Data(text.utf8)
    try addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
      position, size in bytes.subdata(in: Int(position)..<(Int(position) + size))
    }
  }
}
