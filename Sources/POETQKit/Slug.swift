import Foundation

/// The one way POETQ turns a title or a name into a slug: for a study's address and for the names
/// of downloaded files.
public enum Slug {
  /// `text` in lower case with accents folded ("Zürich" → "zurich"), every run of characters that are
  /// neither letters nor digits one hyphen, at most `words` words and `length` characters; `fallback`
  /// when nothing is left. Letters of other scripts stay (a download's header carries them by RFC 6266).
  public static func make(_ text: String, words: Int = 8, length: Int = 60, fallback: String) -> String {
    let slug =
      text.lowercased()
      .folding(options: .diacriticInsensitive, locale: nil)
      .map { $0.isLetter || $0.isNumber ? String($0) : "-" }
      .joined()
      .split(separator: "-")
      .prefix(words)
      .joined(separator: "-")
    let cut = String(slug.prefix(length))
    let trimmed = cut.hasSuffix("-") ? String(cut.dropLast()) : cut
    return trimmed.isEmpty ? fallback : trimmed
  }
}
