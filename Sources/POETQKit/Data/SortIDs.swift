/// The short, stable ids sorts carry in every export. PQMethod keeps at most 8 characters of a sort
/// id, so an id is the site's initial and a running number within the study (`A1`, `B2`, `A3` …):
/// the number alone makes it unique, the initial tells the site at a glance. Numbers are handed
/// out once, in the order sorts are first exported or imported, and never reused (a withdrawn
/// sort's number stays taken), so the same sort has the same id in every export.
public enum SortIDs {
  /// The longest id PQMethod stores.
  public static let maxLength = 8

  /// The site's initial: the first letter or digit of the last word of its name ("Site A" → "A",
  /// "Leeds" → "L"), upper-cased; "S" when the name has none.
  public static func initial(ofSite name: String) -> String {
    let words = name.split { !$0.isLetter && !$0.isNumber }
    guard let last = words.last, let first = last.first(where: { $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
      return "S"
    }
    return first.uppercased()
  }

  /// The id of the `number`th sort of the study, made at `site`.
  public static func make(site: String, number: Int) -> String { initial(ofSite: site) + String(number) }

  /// Whether an id read from another tool's file can be kept as it is: 1 to 8 characters without
  /// blanks or line breaks (what every export format can carry).
  public static func isKeepable(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= maxLength && !id.contains { $0.isWhitespace || $0.isNewline || $0 == "," }
  }
}
