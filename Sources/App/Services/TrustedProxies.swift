import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` is believed (`POETQ_TRUSTED_PROXIES`: addresses and
/// CIDR ranges, comma-separated). Behind a proxy every request comes from the proxy's address, so
/// limits keyed on the socket's peer would lock out everyone at once; a header from anyone else is
/// ignored, since a client can write any `X-Forwarded-For` it likes.
public struct TrustedProxies: Sendable, Equatable {
  /// An address range: the first `prefix` bits of `bytes` (4 bytes for IPv4, 16 for IPv6).
  struct Range: Sendable, Equatable {
    var bytes: [UInt8]
    var prefix: Int

    func contains(_ address: [UInt8]) -> Bool {
      guard address.count == bytes.count else { return false }
      var bits = prefix
      for index in bytes.indices where bits > 0 {
        let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
        if address[index] & mask != bytes[index] & mask { return false }
        bits -= 8
      }
      return true
    }
  }

  var ranges: [Range] = []

  public static let none = TrustedProxies()

  public struct InvalidEntry: Error, CustomStringConvertible {
    public var entry: String
    public var description: String {
      "POETQ_TRUSTED_PROXIES: \"\(entry)\" is not an IP address or a CIDR range (such as 10.0.0.1, 10.0.0.0/8 or fd00::/8)"
    }
  }

  /// From `10.0.0.1, 192.168.0.0/16, ::1`; an empty text trusts no proxy.
  public init(parsing text: String) throws {
    for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
      let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count <= 2, let bytes = Self.bytes(of: String(parts[0])) else { throw InvalidEntry(entry: entry) }
      var prefix = bytes.count * 8
      if parts.count == 2 {
        guard let given = Int(parts[1]), (0...prefix).contains(given) else { throw InvalidEntry(entry: entry) }
        prefix = given
      }
      ranges.append(Range(bytes: bytes, prefix: prefix))
    }
  }

  init() {}

  public var isEmpty: Bool { ranges.isEmpty }

  func trusts(_ address: String) -> Bool {
    guard let bytes = Self.bytes(of: address) else { return false }
    return ranges.contains { $0.contains(bytes) }
  }

  /// The client's address: the socket's `peer`, unless the peer is a trusted proxy; then the
  /// nearest address in `X-Forwarded-For` (read from the right, the entries the proxies added)
  /// that is not itself a trusted proxy.
  func clientAddress(peer: String?, forwardedFor: [String]) -> String {
    guard let peer else { return "unknown" }
    guard trusts(peer) else { return peer }
    let chain = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
    for hop in chain.reversed() {
      guard Self.bytes(of: hop) != nil else { break }  // a malformed entry: believe nothing before it
      if !trusts(hop) { return hop }
    }
    return peer
  }

  /// The network an address belongs to for the open-access limit: IPv4 /24, IPv6 /48.
  static func network(of address: String) -> String {
    guard let bytes = bytes(of: address) else { return address }
    if bytes.count == 4 { return bytes.prefix(3).map(String.init).joined(separator: ".") + ".0/24" }
    return stride(from: 0, to: 6, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }
      .joined(separator: ":") + "::/48"
  }

  /// The address's bytes (IPv4-mapped IPv6 addresses as IPv4); nil when it is no address.
  static func bytes(of text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 {
      return withUnsafeBytes(of: &v4) { Array($0) }
    }
    var v6 = in6_addr()
    guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
    let bytes = withUnsafeBytes(of: &v6) { Array($0) }
    if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
    return bytes
  }
}
