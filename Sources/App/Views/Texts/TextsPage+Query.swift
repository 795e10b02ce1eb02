import Fluent

extension TextsPage {
  /// The page of `study` showing `texts` (its own, or a refused form's), with its languages' states
  /// read now: a text changed since a translation was made shows that translation out of date.
  static func query(study: Study, texts: StudyTexts, on db: any Database) async throws -> Model {
    let translatable = try await StudyEditor.translatableTexts(of: study, on: db)
    let states = try await StudyTranslations.load(studyID: study.requireID(), on: db)
      .states(source: StudyLanguage(tag: study.language) ?? .en, texts: translatable)
    return Model(study: study, texts: texts, states: states)
  }
}
