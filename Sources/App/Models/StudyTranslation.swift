import Fluent
import Foundation

/// One participant-facing text of a study in one of its other languages: the translation of the
/// text under `key` (``TranslatableTexts``) and the source text it was translated from. When the study's
/// own text no longer equals `source`, the translation is out of date.
final class StudyTranslation: Model, @unchecked Sendable {
  static let schema = "study_translations"

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  /// The language of `translation` (a ``StudyLanguage`` tag: `fr`, `ar`, …).
  @Field(key: "language") var language: String
  /// Which text: `title`, `instruction`, `statement.12`, `question.2.option.3`, …
  @Field(key: "key") var key: String
  /// The study's text under `key` when this was translated.
  @Field(key: "source") var source: String
  @Field(key: "translation") var translation: String
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  init() {}

  init(studyID: UUID, language: String, key: String, source: String, translation: String) {
    self.$study.id = studyID
    self.language = language
    self.key = key
    self.source = source
    self.translation = translation
  }
}
