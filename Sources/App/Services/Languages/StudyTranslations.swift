import Fluent
import Foundation
import POETQKit

/// A study's translations, read in one query, and what they make of each language: how much is
/// translated, what has gone out of date since, whether the language can be offered.
struct StudyTranslations: Sendable {
  /// One language's state against the study's current texts.
  struct LanguageState: Sendable, Equatable {
    let language: StudyLanguage
    /// The study's own language (nothing to translate: always complete).
    let isSource: Bool
    /// Texts to translate (keys of ``TranslatableTexts``).
    let total: Int
    /// Keys with a current translation (made from the source as it is now).
    let translated: Int
    /// Keys whose translation was made from a source that has changed since.
    let outOfDate: [String]
    /// Keys with no translation at all.
    let missing: [String]

    /// Offered to participants: every text has a current translation.
    var isComplete: Bool { isSource || (outOfDate.isEmpty && missing.isEmpty) }
  }

  /// The stored rows by language, then by key.
  let rows: [StudyLanguage: [String: (source: String, translation: String)]]

  /// The study's translations (a language POETQ no longer offers is left out).
  static func load(studyID: UUID, on db: any Database) async throws -> StudyTranslations {
    let stored = try await StudyTranslation.query(on: db).filter(\.$study.$id == studyID).all()
    var rows: [StudyLanguage: [String: (source: String, translation: String)]] = [:]
    for row in stored {
      guard let language = StudyLanguage(rawValue: row.language) else { continue }
      rows[language, default: [:]][row.key] = (row.source, row.translation)
    }
    return StudyTranslations(rows: rows)
  }

  /// The current translations into `language` (key → text): those made from the source as it is
  /// now. An out-of-date translation is never shown to a participant.
  func current(_ language: StudyLanguage, texts: TranslatableTexts) -> [String: String] {
    guard let stored = rows[language] else { return [:] }
    var result: [String: String] = [:]
    for entry in texts.entries {
      if let row = stored[entry.key], row.source == entry.source, !row.translation.isEmpty {
        result[entry.key] = row.translation
      }
    }
    return result
  }

  /// The state of `language` for a study written in `source`.
  func state(_ language: StudyLanguage, source: StudyLanguage, texts: TranslatableTexts) -> LanguageState {
    let stored = rows[language] ?? [:]
    var translated = 0
    var outOfDate: [String] = []
    var missing: [String] = []
    for entry in texts.entries {
      if let row = stored[entry.key], !row.translation.isEmpty {
        if row.source == entry.source { translated += 1 } else { outOfDate.append(entry.key) }
      } else {
        missing.append(entry.key)
      }
    }
    return LanguageState(
      language: language, isSource: language == source, total: texts.entries.count,
      translated: language == source ? texts.entries.count : translated, outOfDate: language == source ? [] : outOfDate,
      missing: language == source ? [] : missing)
  }

  /// The study's language first, then every other language it has translations into.
  func states(source: StudyLanguage, texts: TranslatableTexts) -> [LanguageState] {
    let others = StudyLanguage.allCases.filter { $0 != source && rows[$0] != nil }
    return ([source] + others).map { state($0, source: source, texts: texts) }
  }

  /// The languages participants may take part in: the study's own, then each complete one.
  func offered(source: StudyLanguage, texts: TranslatableTexts) -> [StudyLanguage] {
    states(source: source, texts: texts).filter(\.isComplete).map(\.language)
  }
}
