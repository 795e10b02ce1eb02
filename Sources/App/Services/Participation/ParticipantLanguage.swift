import Foundation

/// Which language a participant's page speaks, decided from plain values (no request, no database):
/// the language asked for in the address (`?lang=`, or the `lang` a form posts), then the one the
/// participant took part in so far (so a participant who resumes on another device keeps it),
/// then the browser's `Accept-Language`, then the study's own language. Only languages the study
/// offers (its own and each completely translated one, ``StudyTranslations/offered(source:texts:)``)
/// are ever chosen: a language asked for that is not offered is passed over, never shown half done.
enum ParticipantLanguage {
  /// The page's language.
  ///
  /// - Parameters:
  ///   - query: The `lang` asked for in the address or the posted form (any text; unknown ignored).
  ///   - stored: The participant's `participants.language` (nil before they chose, or off the flow).
  ///   - acceptLanguage: The browser's `Accept-Language` header, as sent (nil when absent).
  ///   - offered: The languages the study offers, its own first.
  ///   - source: The study's own language, the answer when nothing else matches.
  static func resolve(
    query: String?, stored: String?, acceptLanguage: String?, offered: [StudyLanguage], source: StudyLanguage
  ) -> StudyLanguage {
    if let asked = query.flatMap(exactly), offered.contains(asked) { return asked }
    if let kept = stored.flatMap(exactly), offered.contains(kept) { return kept }
    if let header = acceptLanguage, let preferred = preferred(header, among: offered) { return preferred }
    return offered.contains(source) ? source : offered.first ?? source
  }

  /// The language a `lang` value names: a whole tag POETQ speaks (`fr`, `fr-CA`), compared without
  /// case; nil for anything else (`xx`, an empty value, a script injection).
  static func exactly(_ value: String) -> StudyLanguage? {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, trimmed.count <= 35,
      trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    else { return nil }
    return StudyLanguage(tag: trimmed)
  }

  /// The best of `offered` for an `Accept-Language` header (RFC 9110 §12.5.4): ranges by weight,
  /// highest first (equal weights in the header's order); `q=0` means "not this one"; a range
  /// matches a language by its primary subtag (`fr-CH` → French); `*` matches any offered language
  /// not named otherwise (the study's own first). Nil when nothing acceptable is offered.
  static func preferred(_ header: String, among offered: [StudyLanguage]) -> StudyLanguage? {
    let ranges = parse(header)
    let refused = Set(ranges.filter { $0.weight == 0 }.compactMap(\.language))
    let named = Set(ranges.compactMap(\.language))
    for range in ranges.filter({ $0.weight > 0 }).enumerated().sorted(by: {
      $0.element.weight != $1.element.weight ? $0.element.weight > $1.element.weight : $0.offset < $1.offset
    }).map(\.element) {
      if range.isWildcard {
        if let any = offered.first(where: { !named.contains($0) && !refused.contains($0) }) { return any }
      } else if let language = range.language, offered.contains(language), !refused.contains(language) {
        return language
      }
    }
    return nil
  }

  /// One language range of the header with its weight.
  struct Range: Equatable {
    /// The language the range names by its primary subtag (nil for `*` and for languages POETQ does not speak).
    var language: StudyLanguage?
    var isWildcard: Bool
    /// `q`, 0 … 1 (1 when not given; an unreadable `q` counts as 0, so a garbled range is not preferred).
    var weight: Double
  }

  /// The header's ranges in order. Malformed parts are skipped, never an error: a browser's header
  /// is input, and the page falls back to the study's language.
  static func parse(_ header: String) -> [Range] {
    header.split(separator: ",").prefix(50).compactMap { part -> Range? in
      let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let tag = pieces.first, !tag.isEmpty else { return nil }
      var weight = 1.0
      for parameter in pieces.dropFirst() {
        let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
        weight = Double(pair[1]).flatMap { (0...1).contains($0) ? $0 : nil } ?? 0
      }
      if tag == "*" { return Range(language: nil, isWildcard: true, weight: weight) }
      return Range(language: exactly(tag), isWildcard: false, weight: weight)
    }
  }
}
