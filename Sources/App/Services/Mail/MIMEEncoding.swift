import Foundation

/// The encodings a plain-text message needs: RFC 2047 encoded words for headers that are not
/// ASCII, quoted-printable (RFC 2045 §6.7) for the body.
enum MIMEEncoding {
  /// Line breaks and other control characters in a header value become spaces, so nothing typed in
  /// a name or subject can add a header.
  static func singleLine(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : $0 })
    ).trimmingCharacters(in: .whitespaces)
  }

  /// A header value (Subject): as it is when it is printable ASCII, otherwise RFC 2047 "B" encoded
  /// words of at most 75 characters, folded onto continuation lines.
  static func headerText(_ text: String) -> String {
    let clean = singleLine(text)
    if clean.unicodeScalars.allSatisfy({ $0.isASCII }) { return clean }
    return encodedWords(clean)
  }

  /// A display name: an atom sequence as it is, a quoted string when it holds specials, encoded words
  /// when it is not ASCII.
  static func phrase(_ name: String) -> String {
    guard name.unicodeScalars.allSatisfy({ $0.isASCII }) else { return encodedWords(name) }
    let atext = CharacterSet(
      charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
    if name.unicodeScalars.allSatisfy({ atext.contains($0) }) { return name }
    return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// `=?UTF-8?B?…?=` words of at most 45 bytes of text each (60 base64 characters, 72 in all),
  /// never splitting a character, separated by a fold.
  static func encodedWords(_ text: String) -> String {
    var chunks: [[UInt8]] = []
    var chunk: [UInt8] = []
    for character in text {
      let bytes = Array(String(character).utf8)
      if chunk.count + bytes.count > 45 && !chunk.isEmpty {
        chunks.append(chunk)
        chunk = []
      }
      chunk += bytes
    }
    if !chunk.isEmpty { chunks.append(chunk) }
    return chunks.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
  }

  /// The body as quoted-printable: lines end in CRLF, encoded lines stay within 76 characters
  /// (soft breaks `=`), `=` and bytes outside printable ASCII become `=XX`, as do a space or tab
  /// at a line's end and a full stop at a line's start (so no line can end the DATA phase).
  static func quotedPrintable(_ text: String) -> String {
    let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
      .components(separatedBy: "\n")
    return lines.map(quotedPrintableLine).joined(separator: "\r\n")
  }

  private static func quotedPrintableLine(_ line: String) -> String {
    let bytes = Array(line.utf8)
    var tokens: [String] = []
    for (index, byte) in bytes.enumerated() {
      let isLast = index == bytes.count - 1
      switch byte {
      case 0x2E where index == 0: tokens.append("=2E")
      case 0x20, 0x09: tokens.append(isLast ? hex(byte) : String(UnicodeScalar(byte)))
      case 0x3D: tokens.append(hex(byte))
      case 33...126: tokens.append(String(UnicodeScalar(byte)))
      default: tokens.append(hex(byte))
      }
    }
    var output: [String] = []
    var current = ""
    for token in tokens {
      if current.count + token.count > 75 {
        output.append(current + "=")
        current = ""
      }
      current += token
    }
    output.append(current)
    return output.joined(separator: "\r\n")
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
  }
}
