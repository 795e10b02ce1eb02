extension StudyTranslations {
  /// One stored translation of a text, for showing beside it in the builder.
  struct Shown: Encodable, Sendable, Equatable {
    /// The language's tag (`lang` on the text) and its English name.
    var tag: String
    var language: String
    var text: String
    /// Made from another version of the text: participants are not shown it, the translator must
    /// look again.
    var outOfDate: Bool
  }

  /// The translations of the text under `key` whose current source is `source`, in the languages'
  /// order; empty translations are not translations.
  func shown(_ key: String, source: String) -> [Shown] {
    StudyLanguage.allCases.compactMap { language in
      guard let row = rows[language]?[key], !row.translation.isEmpty else { return nil }
      return Shown(
        tag: language.tag, language: language.englishName, text: row.translation, outOfDate: row.source != source)
    }
  }
}
