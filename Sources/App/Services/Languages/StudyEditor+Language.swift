import Fluent
import Foundation

/// The language a study's own texts are written in: the source of its translations and the
/// language participants get when they ask for none of the others. Set on the Texts tab and with
/// `PATCH /api/v1/studies/{slug}` (`language`), saved with the texts (``StudyEditor/updateTexts``).
extension StudyEditor {
  /// A study language from a tag as sent (`fr`, `FR`).
  /// - Throws: 422 naming `field` for a tag POETQ has no participant pages in.
  static func checkedLanguage(_ tag: String, field: String) throws -> StudyLanguage {
    guard let language = StudyLanguage(rawValue: tag.trimmingCharacters(in: .whitespaces).lowercased()) else {
      throw Refusal.invalid(
        "\(field): “\(tag)” is not a language POETQ offers; choose one of "
          + StudyLanguage.allCases.map(\.tag).joined(separator: ", ") + ".")
    }
    return language
  }

  /// Refuses a new language for the study's texts once real participants have started (their sorts
  /// were made in the old one: 409, as the Q-set and grid are locked), and a language the study
  /// already has translations into (its texts would be their own translation: 422).
  static func ensureLanguageCanChange(to language: StudyLanguage, of study: Study, on db: any Database) async throws {
    let studyID = try study.requireID()
    let started = try await StudyLock.realResponseCount(studyID: studyID, on: db)
    guard started == 0 else {
      throw Refusal.conflict(
        "Language: \(started) participant\(started == 1 ? " has" : "s have") taken part in "
          + "\(StudyLanguage(tag: study.language)?.englishName ?? study.language), so the study's language is fixed. "
          + "Copy the study to write it in another language.")
    }
    let translated = try await StudyTranslation.query(on: db).filter(\.$study.$id == studyID)
      .filter(\.$language == language.tag).count()
    guard translated == 0 else {
      throw Refusal.invalid(
        "Language: the study has \(translated) translation\(translated == 1 ? "" : "s") into "
          + "\(language.englishName); upload an empty \(language.englishName) spreadsheet to remove them first, "
          + "or keep \(language.englishName) as a translation.")
    }
  }
}
