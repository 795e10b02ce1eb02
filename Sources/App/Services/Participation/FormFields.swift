import Foundation
import Vapor

/// The fields of an `application/x-www-form-urlencoded` body in order, repeated names kept: what
/// the participant's forms send (several checked boxes share one name).
struct FormFields {
  let pairs: [(name: String, value: String)]

  init(_ req: Request) {
    let body = req.body.string ?? ""
    pairs = body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decoded(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
      }
      return (decoded(parts[0]), parts.count > 1 ? decoded(parts[1]) : "")
    }
  }

  /// The first value of `name`.
  subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

  /// Every value of `name`, in order.
  func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

  /// The fields whose names start with `prefix`, prefix removed, values grouped by name.
  func grouped(prefix: String) -> [String: [String]] {
    var groups: [String: [String]] = [:]
    for pair in pairs where pair.name.hasPrefix(prefix) {
      groups[String(pair.name.dropFirst(prefix.count)), default: []].append(pair.value)
    }
    return groups
  }
}
