/// Reads a flat JSON object of integers keyed by integers (`{"1":-3,"2":0}`), the way placements
/// are stored, without a JSON decoder. Anything else — other values, nesting, escapes, a repeated
/// key, numbers that do not fit an `Int` — gives `nil`, and the caller decodes it the general way.
enum IntegerMap {
  static func read(_ text: String) -> [Int: Int]? {
    var text = text
    return text.withUTF8 { bytes -> [Int: Int]? in
      var reader = Reader(bytes: bytes)
      return reader.object()
    }
  }

  /// A flat JSON array of integers (`[12,3,40]`), the way the presort order is stored, or nil for
  /// anything else.
  static func readList(_ text: String) -> [Int]? {
    var text = text
    return text.withUTF8 { bytes -> [Int]? in
      var reader = Reader(bytes: bytes)
      return reader.list()
    }
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func object() -> [Int: Int]? {
      var map: [Int: Int] = [:]
      guard take(UInt8(ascii: "{")) else { return nil }
      if take(UInt8(ascii: "}")) { return end() ? map : nil }
      repeat {
        guard take(UInt8(ascii: "\"")), let key = integer(), take(UInt8(ascii: "\"")), take(UInt8(ascii: ":")),
          let value = integer(), map.updateValue(value, forKey: key) == nil
        else { return nil }
      } while take(UInt8(ascii: ","))
      return take(UInt8(ascii: "}")) && end() ? map : nil
    }

    mutating func list() -> [Int]? {
      var list: [Int] = []
      guard take(UInt8(ascii: "[")) else { return nil }
      if take(UInt8(ascii: "]")) { return end() ? list : nil }
      repeat {
        guard let value = integer() else { return nil }
        list.append(value)
      } while take(UInt8(ascii: ","))
      return take(UInt8(ascii: "]")) && end() ? list : nil
    }

    /// An optional minus and 1 to 17 digits (so it fits an `Int`), without leading zeros but "0"
    /// itself, as JSON writes them.
    mutating func integer() -> Int? {
      skipSpace()
      let negative = at < bytes.count && bytes[at] == UInt8(ascii: "-")
      if negative { at += 1 }
      let start = at
      while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
      let digits = at - start
      guard (1...17).contains(digits), digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
      let value = bytes[start..<at].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
      return negative ? -value : value
    }

    mutating func take(_ byte: UInt8) -> Bool {
      skipSpace()
      guard at < bytes.count, bytes[at] == byte else { return false }
      at += 1
      return true
    }

    mutating func skipSpace() {
      while at < bytes.count {
        switch bytes[at] {
        case 0x20, 0x0A, 0x0D, 0x09: at += 1
        default: return
        }
      }
    }

    mutating func end() -> Bool {
      skipSpace()
      return at == bytes.count
    }
  }
}
