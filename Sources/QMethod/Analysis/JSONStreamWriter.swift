import Foundation

/// Pretty-printed JSON written piece by piece into a byte buffer that is handed on whenever it
/// fills, so a result of 100,000 sorts never exists as one tree of values or one string.
///
/// The layout is `JSONEncoder`'s with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, byte
/// for byte: two spaces an indent, `"key" : value`, an empty container as an opening bracket, an
/// empty line and the closing bracket, numbers as `Double.description` without a trailing `.0`
/// (the shortest digits that read back as the same double), keys in `String` order. The caller
/// writes an object's keys in that order; a part small enough not to matter is handed to
/// `JSONEncoder` itself (``encoded(_:)``) and indented to its place, so its layout is the encoder's
/// by construction. `JSONStreamWriterTests` compares whole results with the encoder's bytes.
public struct JSONStreamWriter {
  /// Bytes gathered before they are handed to `flush`.
  static let chunkSize = 1 << 16

  private var bytes: [UInt8] = []
  private let flush: ([UInt8]) throws -> Void
  /// Per open container, whether it has an element yet.
  private var hasElement: [Bool] = []
  /// A key was just written, so its value follows on the same line.
  private var afterKey = false

  /// - Parameter flush: receives the output in order, in chunks of about 64 KiB and a last one
  ///   from ``finish()``.
  public init(flush: @escaping ([UInt8]) throws -> Void) {
    self.flush = flush
    bytes.reserveCapacity(Self.chunkSize + 4096)
  }

  /// Hands on what is left; call once after the last value.
  public mutating func finish() throws {
    if !bytes.isEmpty { try flush(bytes) }
    bytes.removeAll(keepingCapacity: true)
  }

  // MARK: Containers

  /// Opens an object or array as the next value.
  public mutating func beginObject() throws { try open(UInt8(ascii: "{")) }
  public mutating func beginArray() throws { try open(UInt8(ascii: "[")) }
  public mutating func endObject() { close(UInt8(ascii: "}")) }
  public mutating func endArray() { close(UInt8(ascii: "]")) }

  /// The next key of the open object; its value follows.
  public mutating func key(_ name: String) throws {
    try separate()
    try appendString(name)
    bytes.append(contentsOf: Self.colon)
    afterKey = true
  }

  // MARK: Values

  /// A number as `JSONEncoder` writes a `Double`.
  /// - Throws: `EncodingError.invalidValue` for NaN or an infinity, which JSON cannot hold (as the
  ///   encoder does).
  public mutating func number(_ value: Double) throws {
    guard value.isFinite else {
      throw EncodingError.invalidValue(
        value, .init(codingPath: [], debugDescription: "Unable to encode Double.\(value) directly in JSON."))
    }
    try separate()
    appendNumber(value)
  }

  public mutating func number(_ value: Int) throws {
    try separate()
    appendInteger(value)
  }

  public mutating func bool(_ value: Bool) throws {
    try separate()
    bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
  }

  public mutating func null() throws {
    try separate()
    bytes.append(contentsOf: Self.nullBytes)
  }

  public mutating func string(_ value: String) throws {
    try separate()
    try appendString(value)
  }

  /// Any value through `JSONEncoder` (the same output formatting), indented to where it stands.
  public mutating func encoded(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    try separate()
    appendIndented(data)
  }

  // MARK: Arrays of values

  public mutating func array(_ values: [Double]) throws {
    try beginArray()
    for value in values { try number(value) }
    endArray()
  }

  public mutating func array(_ values: [Double?]) throws {
    try beginArray()
    for value in values {
      if let value { try number(value) } else { try null() }
    }
    endArray()
  }

  public mutating func array(_ values: [Int]) throws {
    try beginArray()
    for value in values { try number(value) }
    endArray()
  }

  public mutating func array(_ values: [Int?]) throws {
    try beginArray()
    for value in values {
      if let value { try number(value) } else { try null() }
    }
    endArray()
  }

  public mutating func array(_ values: [Bool]) throws {
    try beginArray()
    for value in values { try bool(value) }
    endArray()
  }

  public mutating func array(_ values: [String]) throws {
    try beginArray()
    for value in values { try string(value) }
    endArray()
  }

  /// An array of rows, each written by `row`.
  public mutating func rows<Row>(_ rows: [Row], _ row: (inout Self, Row) throws -> Void) throws {
    try beginArray()
    for element in rows { try row(&self, element) }
    endArray()
  }

  // MARK: Layout

  private static let colon = Array(" : ".utf8)
  private static let trueBytes = Array("true".utf8)
  private static let falseBytes = Array("false".utf8)
  private static let nullBytes = Array("null".utf8)
  private static let newline = UInt8(ascii: "\n")
  private static let space = UInt8(ascii: " ")

  private var depth: Int { hasElement.count }

  private mutating func open(_ bracket: UInt8) throws {
    try separate()
    bytes.append(bracket)
    bytes.append(Self.newline)
    hasElement.append(false)
  }

  /// An empty container keeps its empty line: `[`, `\n`, `\n`, indent, `]`, as the encoder writes it.
  private mutating func close(_ bracket: UInt8) {
    hasElement.removeLast()
    bytes.append(Self.newline)
    indent()
    bytes.append(bracket)
  }

  /// Before a value or key: nothing at the top level or after a key, else `,\n` (not for the
  /// first element) and the indent. Hands on a full buffer first.
  private mutating func separate() throws {
    if bytes.count >= Self.chunkSize {
      try flush(bytes)
      bytes.removeAll(keepingCapacity: true)
    }
    if afterKey {
      afterKey = false
      return
    }
    guard let last = hasElement.indices.last else { return }
    if hasElement[last] {
      bytes.append(UInt8(ascii: ","))
      bytes.append(Self.newline)
    }
    hasElement[last] = true
    indent()
  }

  private mutating func indent() {
    for _ in 0..<(2 * depth) { bytes.append(Self.space) }
  }

  /// A string: plain printable ASCII without quote or backslash directly, anything else as the
  /// encoder escapes it.
  private mutating func appendString(_ value: String) throws {
    var plain = true
    for byte in value.utf8 where byte < 0x20 || byte >= 0x7f || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    {
      plain = false
      break
    }
    if plain {
      bytes.append(UInt8(ascii: "\""))
      bytes.append(contentsOf: value.utf8)
      bytes.append(UInt8(ascii: "\""))
    } else {
      bytes.append(contentsOf: try Self.escaped(value))
    }
  }

  /// `value` as the encoder writes a string (its escapes for quotes, backslashes and control
  /// characters; other characters as they are).
  static func escaped(_ value: String) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return Array(try encoder.encode(value))
  }

  /// Encoder output moved in by the current indent: after each line break, unless the next line is
  /// the empty one inside an empty container (which carries no indent).
  private mutating func appendIndented(_ data: Data) {
    let pad = 2 * depth
    let encoded = Array(data)
    for (index, byte) in encoded.enumerated() {
      bytes.append(byte)
      if byte == Self.newline, index + 1 < encoded.count, encoded[index + 1] != Self.newline {
        for _ in 0..<pad { bytes.append(Self.space) }
      }
    }
  }

  /// `Double.description` less a trailing ".0", as `JSONEncoder` writes a double.
  private mutating func appendNumber(_ value: Double) {
    if let integer = Int(exactly: value), abs(integer) < 1 << 53, value != 0 || value.sign == .plus {
      // Whole numbers below 2⁵³ print as their integer digits (description "12.0" → "12"); -0.0 is
      // left to the general path ("-0").
      appendInteger(integer)
      return
    }
    var text = value.description
    text.withUTF8 { utf8 in
      var end = utf8.count
      if end >= 2, utf8[end - 2] == UInt8(ascii: "."), utf8[end - 1] == UInt8(ascii: "0") { end -= 2 }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<end]))
    }
  }

  private mutating func appendInteger(_ value: Int) {
    if value == 0 {
      bytes.append(UInt8(ascii: "0"))
      return
    }
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes hold the 20 digits of |Int.min|
    var magnitude = value.magnitude
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      while magnitude > 0 {
        buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      }
      if value < 0 { bytes.append(UInt8(ascii: "-")) }
      bytes.append(contentsOf: buffer[(24 - count)...])
    }
  }
}
