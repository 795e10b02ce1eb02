import POETQKit

/// What participants read and how their sort behaves (`/studies/<slug>/texts`): one form, saved
/// whole, with the study's language; below it the study's languages, each with how far its
/// translation has come, its spreadsheet to download and the filled-in one to upload.
enum TextsPage {
  static let template = "builder/texts"

  struct Model: Encodable, Sendable {
    var texts: StudyTexts
    var consentVersion: Int
    var scoreRange: String
    /// Where the form is saved.
    var save: String
    /// The choices of the study's language (every language POETQ offers).
    var languageOptions: [LanguageOption]
    /// The study's own language, then each it has translations into.
    var languages: [Language]
    /// The languages a translation can be started in (not the study's, none it has yet).
    var addable: [LanguageOption]
    /// The "add a language" form (GET, `language`): its empty spreadsheet.
    var newTranslation: String
    /// Where a filled-in spreadsheet is uploaded (multipart: `language`, `file`).
    var uploadTranslation: String
  }

  struct LanguageOption: Encodable, Sendable, Equatable {
    var tag: String
    /// "French (Français)".
    var label: String
    var selected: Bool
  }

  /// One row of the languages table.
  struct Language: Encodable, Sendable, Equatable {
    var tag: String
    var name: String
    var autonym: String
    var isSource: Bool
    var isComplete: Bool
    /// "complete", or "12 of 40 translated".
    var progress: String
    /// "2 out of date", or empty.
    var outOfDateSummary: String
    /// The keys whose translation was made from a text changed since.
    var outOfDate: [String]
    /// Whether participants may choose it.
    var offered: Bool
    /// The spreadsheet (empty for the study's own language).
    var download: String
  }
}

extension TextsPage.Model {
  /// The page for `texts` (the study's, or what was typed into a refused form) and the study's
  /// languages in `states` (``StudyTranslations/states(source:texts:)``).
  init(study: Study, texts: StudyTexts, states: [StudyTranslations.LanguageState]) {
    let slug = study.slug
    let present = Set(states.map(\.language))
    let chosen = texts.language ?? study.language
    func option(_ language: StudyLanguage, selected: Bool = false) -> TextsPage.LanguageOption {
      .init(tag: language.tag, label: "\(language.englishName) (\(language.autonym))", selected: selected)
    }
    self.init(
      texts: texts, consentVersion: study.consentVersion,
      scoreRange: "\(GridRules.scoreName(study.minScore))…\(GridRules.scoreName(study.maxScore))",
      save: StudyRoute.texts().href(slug: slug),
      languageOptions: StudyLanguage.allCases.map { option($0, selected: $0.tag == chosen) },
      languages: states.map { state in
        let language = state.language
        return TextsPage.Language(
          tag: language.tag, name: language.englishName, autonym: language.autonym, isSource: state.isSource,
          isComplete: state.isComplete,
          progress: state.isComplete ? "complete" : "\(state.translated) of \(state.total) translated",
          outOfDateSummary: state.outOfDate.isEmpty ? "" : "\(state.outOfDate.count) out of date",
          outOfDate: state.outOfDate, offered: state.isComplete,
          download: state.isSource ? "" : StudyRoute.texts(.translation(.value(language.tag))).href(slug: slug))
      },
      addable: StudyLanguage.allCases.filter { !present.contains($0) && $0.tag != study.language }.map { option($0) },
      newTranslation: StudyRoute.texts(.newTranslation).href(slug: slug),
      uploadTranslation: StudyRoute.texts(.uploadTranslation).href(slug: slug))
  }

  /// A new study's texts with a welcome and an information sheet, written in English, with a
  /// complete French translation and a German one with a text changed since: the snapshot's page.
  static let mock: Self = {
    let study = Study.mockTexts
    let english = StudyTranslations.LanguageState(
      language: .en, isSource: true, total: 24, translated: 24, outOfDate: [], missing: [])
    let french = StudyTranslations.LanguageState(
      language: .fr, isSource: false, total: 24, translated: 24, outOfDate: [], missing: [])
    let german = StudyTranslations.LanguageState(
      language: .de, isSource: false, total: 24, translated: 20, outOfDate: ["instruction", "statement.3"],
      missing: ["statement.15", "statement.16"])
    return TextsPage.Model(study: study, texts: StudyTexts(study), states: [english, french, german])
  }()
}

extension Study {
  /// A draft with its texts written: the texts and preview snapshots' study.
  static var mockTexts: Study {
    let study = Study(slug: "mock-study", title: "Partnership in practice")
    study.description = "Thank you for looking at this study of how partners commission services together."
    study.informationSheet = "You will sort 16 statements. It takes about 20 minutes."
    study.consentText = "I agree that my anonymous sort is analysed and published."
    study.contactDetails = "Ada Lovelace, ada@example.org"
    return study
  }
}
