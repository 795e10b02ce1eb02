import Foundation

/// Which participant texts each participant template names, read from the templates themselves at
/// start-up, so a page's Leaf context carries only those (``ParticipantTexts/entries(for:)``). Only
/// plain texts can be named: a counted text (a plural entry) is composed in Swift, since a template
/// cannot count (a test fails on a `t.<key>` that is not a text in every catalogue).
enum ParticipantTemplateKeys {
  /// `participant/<name>` → the keys named as `t.<key>` in `participant/<name>.leaf` and in every
  /// template it extends (`#extend("participant/layout")`), for every template in `participant/`.
  /// A directory that cannot be read gives none (every page then gets every text).
  static func scan(viewsDirectory: String) -> [String: Set<String>] {
    let folder = viewsDirectory + "participant/"
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var result: [String: Set<String>] = [:]
    for file in files where file.hasSuffix(".leaf") {
      let name = "participant/" + file.dropLast(".leaf".count)
      result[name] = keys(of: name, viewsDirectory: viewsDirectory, seen: [])
    }
    return result
  }

  /// The keys `template` names, with those of the templates it extends.
  static func keys(of template: String, viewsDirectory: String, seen: Set<String>) -> Set<String> {
    guard !seen.contains(template),
      let text = try? String(contentsOfFile: viewsDirectory + template + ".leaf", encoding: .utf8)
    else { return [] }
    var found = Set(matches(of: textKey, in: text))
    for parent in matches(of: extended, in: text) {
      found.formUnion(keys(of: parent, viewsDirectory: viewsDirectory, seen: seen.union([template])))
    }
    return found
  }

  /// `t.key`, not `statement.text` nor `x.t.key`.
  private static let textKey = #"(?<![A-Za-z0-9_.])t\.([A-Za-z_][A-Za-z0-9_]*)"#
  private static let extended = #"#extend\("([^"]+)"\)"#

  /// The first group of every match of `pattern` (constant, so it always compiles).
  private static func matches(of pattern: String, in text: String) -> [String] {
    guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return expression.matches(in: text, range: range).compactMap { match in
      Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
  }
}
