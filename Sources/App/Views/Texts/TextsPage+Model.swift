import POETQKit

/// What participants read and how their sort behaves (`/studies/<slug>/texts`): one form, saved
/// whole. The page reads nothing beyond the study, so it has no query of its own.
enum TextsPage {
  static let template = "builder/texts"

  struct Model: Encodable, Sendable {
    var texts: StudyTexts
    var consentVersion: Int
    var scoreRange: String
    /// Where the form is saved.
    var save: String
  }
}

extension TextsPage.Model {
  /// The page for `texts` (the study's, or what was typed into a refused form).
  init(study: Study, texts: StudyTexts) {
    self.init(
      texts: texts, consentVersion: study.consentVersion,
      scoreRange: "\(GridRules.scoreName(study.minScore))…\(GridRules.scoreName(study.maxScore))",
      save: StudyRoute.texts().href(slug: study.slug))
  }

  /// A new study's texts with a welcome and an information sheet: the snapshot's page.
  static let mock: Self = {
    let study = Study.mockTexts
    return TextsPage.Model(study: study, texts: StudyTexts(study))
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
