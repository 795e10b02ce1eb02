import Foundation

/// An e-mail address with an optional display name.
struct MailAddress: Sendable, Equatable {
  var address: String
  var name: String?

  init(address: String, name: String? = nil) {
    self.address = address
    self.name = name
  }

  /// `study@example.org`, `Name <study@example.org>` or `"Name" <study@example.org>`; `nil` when the
  /// address part is not a plain address.
  init?(parsing text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
      let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
      var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
      if name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
      guard Self.isValid(address) else { return nil }
      self.init(address: address, name: name.isEmpty ? nil : name)
    } else {
      guard Self.isValid(trimmed) else { return nil }
      self.init(address: trimmed)
    }
  }

  /// A plain ASCII address the relay can take without SMTPUTF8: one `@`, a local part of
  /// letters, digits and `!#$%&'*+/=?^_`{|}~.-`, a dotted domain; at most 254 characters.
  static func isValid(_ text: String) -> Bool {
    guard text.count <= 254, text.unicodeScalars.allSatisfy({ $0.isASCII }) else { return false }
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
    guard !local.isEmpty, local.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
    else { return false }
    guard local.unicodeScalars.allSatisfy({ localCharacters.contains($0) }) else { return false }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2 else { return false }
    return labels.allSatisfy { label in
      !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
        && label.unicodeScalars.allSatisfy { domainCharacters.contains($0) }
    }
  }

  private static let localCharacters = CharacterSet(
    charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~.-")
  private static let domainCharacters = CharacterSet(
    charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

  /// The address as a header shows it: `Name <address>`, the name quoted when it holds specials and
  /// encoded (RFC 2047) when it is not ASCII.
  var headerValue: String {
    guard let name = name.map(MIMEEncoding.singleLine), !name.isEmpty else { return address }
    return "\(MIMEEncoding.phrase(name)) <\(address)>"
  }

  /// The domain part (for the Message-ID).
  var domain: String { address.split(separator: "@").last.map(String.init) ?? "localhost" }
}
