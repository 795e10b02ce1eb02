import Fluent
import Foundation
import POETQKit

/// The translator's round trip: a language's texts as a spreadsheet, and the filled-in spreadsheet
/// stored — checked whole first, then stored in one transaction, audited, with the design version
/// raised so participants see the new texts at once (``StudyDesignVersion``).
extension StudyEditor {
  /// The language a translation is for, from a tag as sent: a language POETQ offers, other than
  /// the study's own (whose texts are the source).
  /// - Throws: 422 naming `field` for an unknown tag or the study's own language.
  static func translationLanguage(_ tag: String, of study: Study, field: String) throws -> StudyLanguage {
    let others = StudyLanguage.allCases.filter { $0.tag != study.language }
    guard let language = StudyLanguage(rawValue: tag.trimmingCharacters(in: .whitespaces).lowercased()) else {
      throw Refusal.invalid(
        "\(field): “\(tag)” is not a language POETQ offers; choose one of "
          + others.map(\.tag).joined(separator: ", ") + ".")
    }
    guard language.tag != study.language else {
      throw Refusal.invalid(
        "\(field): \(language.englishName) is the study's own language, the source of its translations; "
          + "choose one of " + others.map(\.tag).joined(separator: ", ") + ".")
    }
    return language
  }

  /// The study's texts to translate, as they are now.
  static func translatableTexts(of study: Study, on db: any Database) async throws -> TranslatableTexts {
    try await TranslatableTexts.load(study, design: StudyDesign.load(study, on: db), on: db)
  }

  /// The spreadsheet for `language`: every text of the study with its translation so far and
  /// whether that is current, out of date (made from a text changed since) or missing.
  static func translationSheet(_ language: StudyLanguage, of study: Study, on db: any Database) async throws -> Data {
    let texts = try await translatableTexts(of: study, on: db)
    let stored = try await StudyTranslations.load(studyID: study.requireID(), on: db).rows[language] ?? [:]
    let rows = texts.entries.map { entry -> TranslationCSV.Row in
      guard let row = stored[entry.key], !row.translation.isEmpty else {
        return .init(key: entry.key, source: entry.source, translation: "", status: .missing)
      }
      return .init(
        key: entry.key, source: entry.source, translation: row.translation,
        status: row.source == entry.source ? .current : .outOfDate)
    }
    return TranslationCSV.write(rows)
  }

  /// Stores a translator's spreadsheet for `language`. Each row's translation becomes the
  /// translation of the study's current text under its key; an empty one removes the stored one. An
  /// out-of-date translation sent back unchanged stays out of date (the translator has not looked at
  /// the new text yet) unless its status says `current` (looked at, still right), and translations
  /// of texts the study no longer has are removed.
  /// - Throws: 422 naming the row (``TranslationCSV/Problem``, ``TranslationUpload/Problems``);
  ///   nothing is stored then.
  /// - Returns: the language's state afterwards.
  @discardableResult
  static func storeTranslations(
    _ data: Data, language: StudyLanguage, of study: Study, by userID: UUID, on db: any Database
  ) async throws -> StudyTranslations.LanguageState {
    let studyID = try study.requireID()
    let rows: [TranslationCSV.ReadRow]
    do {
      rows = try TranslationCSV.read(data)
    } catch {
      throw Refusal.invalid(error.description + " Nothing was saved.")
    }
    let texts = try await translatableTexts(of: study, on: db)
    let upload: TranslationUpload
    do {
      upload = try TranslationUpload.check(rows, against: texts.sources)
    } catch {
      throw Refusal.invalid(error.description)
    }
    try await db.transaction { db in
      let stored = try await StudyTranslation.query(on: db).filter(\.$study.$id == studyID)
        .filter(\.$language == language.tag).all()
      var byKey = Dictionary(stored.map { ($0.key, $0) }) { first, _ in first }
      var saved = 0
      var removed = 0
      for change in upload.translated {
        if let row = byKey[change.key] {
          let unchangedButStale =
            row.translation == change.translation && row.source != change.source && !change.confirmed
          guard row.translation != change.translation || row.source != change.source, !unchangedButStale else {
            continue
          }
          row.source = change.source
          row.translation = change.translation
          try await row.save(on: db)
        } else {
          let row = StudyTranslation(
            studyID: studyID, language: language.tag, key: change.key, source: change.source,
            translation: change.translation)
          try await row.save(on: db)
          byKey[change.key] = row
        }
        saved += 1
      }
      let sources = texts.sources
      for row in stored where upload.cleared.contains(row.key) || sources[row.key] == nil {
        try await row.delete(on: db)
        removed += 1
      }
      try await auditDesignChange(
        study, by: userID, "study.translations",
        "\(language.englishName): \(saved) translation\(saved == 1 ? "" : "s") saved, \(removed) removed", on: db)
    }
    return try await StudyTranslations.load(studyID: studyID, on: db)
      .state(language, source: StudyLanguage(tag: study.language) ?? .en, texts: texts)
  }
}
