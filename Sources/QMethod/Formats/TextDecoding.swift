import Foundation

/// Turns a file's bytes into UTF-8, from the encoding given or the one detected, so that no reader
/// ever shows mojibake without saying so.
///
/// Detection: a UTF-8 or UTF-16 byte-order mark decides; valid UTF-8 is UTF-8; otherwise bytes that
/// decode as Shift-JIS with at least one two-byte character and no lone high byte are Shift-JIS;
/// otherwise Windows-1252 (a superset of Latin-1's printable characters). A guess other than UTF-8
/// is reported in the notes, naming the file and the encoding, with `--encoding` to override it.
enum TextDecoding {
  /// UTF-8 bytes of `data` and a note when the encoding was guessed.
  static func utf8(_ data: Data, fileName: String, encoding: TextEncoding?) throws(QMethodError) -> ([UInt8], String?) {
    var bytes = [UInt8](data)
    let hasUTF16BOM =
      bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
    let chosen = encoding ?? (hasUTF16BOM ? .utf16 : nil)
    if let chosen {
      if chosen == .utf8 {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let offset = firstInvalidUTF8(bytes) {
          throw invalid(fileName, .utf8, bytes: bytes, offset: offset)
        }
        return (bytes, nil)
      }
      guard let text = decode(bytes, chosen) else {
        throw invalid(fileName, chosen, bytes: bytes, offset: nil)
      }
      return (Array(text.utf8), nil)
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    guard firstInvalidUTF8(bytes) != nil else { return (bytes, nil) }
    if looksLikeShiftJIS(bytes), let text = decode(bytes, .shiftJIS) {
      return (Array(text.utf8), note(fileName, .shiftJIS))
    }
    let text = decode(bytes, .windows1252) ?? FormatSupport.decodeText(bytes[...])
    return (Array(text.utf8), note(fileName, .windows1252))
  }

  static func note(_ fileName: String, _ encoding: TextEncoding) -> String {
    "\(fileName) is not UTF-8; read as \(encoding.displayName). If its texts look wrong, give its real encoding (Shift-JIS, Windows-1252, Latin-1 or UTF-16)"
  }

  static func invalid(_ fileName: String, _ encoding: TextEncoding, bytes: [UInt8], offset: Int?) -> QMethodError {
    var line: Int? = nil
    if let offset { line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
    return .remedied(
      .malformedInput(
        file: fileName, line: line, field: nil,
        message: "the file is not valid \(encoding.displayName)\(offset.map { " (byte \($0 + 1))" } ?? "")"),
      [.giveEncoding])
  }

  /// The offset of the first byte that is not valid UTF-8, or nil.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  /// Shift-JIS: every byte above 0x7F is a lead byte (0x81–0x9F, 0xE0–0xFC) followed by a trail byte
  /// (0x40–0x7E, 0x80–0xFC), or a half-width katakana (0xA1–0xDF); at least one two-byte pair.
  static func looksLikeShiftJIS(_ bytes: [UInt8]) -> Bool {
    var index = 0
    var pairs = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x80 || (0xA1...0xDF).contains(byte) {
        index += 1
        continue
      }
      guard (0x81...0x9F).contains(byte) || (0xE0...0xFC).contains(byte), index + 1 < bytes.count else { return false }
      let trail = bytes[index + 1]
      guard (0x40...0x7E).contains(trail) || (0x80...0xFC).contains(trail) else { return false }
      pairs += 1
      index += 2
    }
    return pairs > 0
  }

  static func decode(_ bytes: [UInt8], _ encoding: TextEncoding) -> String? {
    switch encoding {
    case .utf8: return String(validating: bytes, as: UTF8.self)
    case .utf16:
      var body = bytes
      var bigEndian = false
      if body.starts(with: [0xFF, 0xFE]) {
        body.removeFirst(2)
      } else if body.starts(with: [0xFE, 0xFF]) {
        body.removeFirst(2)
        bigEndian = true
      }
      guard body.count % 2 == 0 else { return nil }
      var units: [UInt16] = []
      units.reserveCapacity(body.count / 2)
      for i in stride(from: 0, to: body.count, by: 2) {
        let (high, low) = bigEndian ? (body[i], body[i + 1]) : (body[i + 1], body[i])
        units.append(UInt16(high) << 8 | UInt16(low))
      }
      var text = ""
      var decoder = UTF16()
      var iterator = units.makeIterator()
      while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): text.unicodeScalars.append(scalar)
        case .emptyInput: return text
        case .error: return nil
        }
      }
    case .latin1: return String(bytes.map { Character(Unicode.Scalar($0)) })
    case .windows1252:
      // Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252.
      if bytes.contains(where: { [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }) { return nil }
      return FormatSupport.decodeText(bytes[...])
    case .shiftJIS: return String(data: Data(bytes), encoding: .shiftJIS)
    }
  }
}
