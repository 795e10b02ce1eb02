import Foundation
import Vapor

/// The fields of an `application/x-www-form-urlencoded` body in order, repeated names kept: what
/// the participant's forms send (several checked boxes share one name).
struct FormFields {
  let pairs: [(name: String, value: String)]

  init(_ req: Request) {
    self.init(body: req.body.string ?? "")
  }

  /// The fields of an urlencoded `body`. A name or value that does not percent-decode to text is
  /// kept as it came.
  init(body: String) {
    pairs = body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decoded(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
      }
      return (decoded(parts.first ?? ""), parts.count > 1 ? decoded(parts[1]) : "")
    }
  }

  /// The first value of `name`.
  subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

  /// Every value of `name`, in order.
  func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

  /// Refuses a form that sends one of `names` more than once: the pages send each of them once, so
  /// which of two values was meant cannot be told.
  /// - Throws: ``ParticipantFormError/repeated(_:value:)`` naming the first such field.
  func refuseRepeated(_ names: Set<String>) throws(ParticipantFormError) {
    var seen: Set<String> = []
    for pair in pairs where names.contains(pair.name) && !seen.insert(pair.name).inserted {
      throw .repeated(pair.name)
    }
  }

  /// The fields whose names start with `prefix`, prefix removed, values grouped by name.
  func grouped(prefix: String) -> [String: [String]] {
    var groups: [String: [String]] = [:]
    for pair in pairs where pair.name.hasPrefix(prefix) {
      groups[String(pair.name.dropFirst(prefix.count)), default: []].append(pair.value)
    }
    return groups
  }
}
