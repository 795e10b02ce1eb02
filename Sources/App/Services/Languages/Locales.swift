import Foundation
import Vapor

/// The interface's catalogues, one per language POETQ speaks (`Resources/Locales/<tag>/`), loaded
/// once at start-up. English is required; a language whose catalogue is absent speaks English
/// (a test requires every ``StudyLanguage`` to have a complete one).
struct Locales: Sendable {
  private let catalogues: [StudyLanguage: ParticipantTexts]
  private let english: ParticipantTexts

  /// Reads every catalogue under `resourcesDirectory`.
  ///
  /// - Throws: An error naming the file when English is missing or a catalogue is not a JSON
  ///   object of texts and plural entries (docs/languages.md).
  static func load(resourcesDirectory: String) throws -> Locales {
    var catalogues: [StudyLanguage: ParticipantTexts] = [:]
    for language in StudyLanguage.allCases {
      let path = resourcesDirectory + "Locales/\(language.tag)/participant.json"
      guard language == .en || FileManager.default.fileExists(atPath: path) else { continue }
      catalogues[language] = try ParticipantTexts.load(language: language.tag, resourcesDirectory: resourcesDirectory)
    }
    guard let english = catalogues[.en] else { throw ServerFault("The English catalogue did not load.") }
    return Locales(catalogues: catalogues, english: english)
  }

  /// No catalogue at all: every text shows its key.
  static let none = Locales(catalogues: [:], english: ParticipantTexts(language: "en", entries: [:]))

  /// The participant texts in `language` (English where it has no catalogue).
  func texts(for language: StudyLanguage) -> ParticipantTexts { catalogues[language] ?? english }

  /// The languages that have a catalogue of their own.
  var languages: [StudyLanguage] { StudyLanguage.allCases.filter { catalogues[$0] != nil } }
}

extension Application {
  private struct LocalesKey: StorageKey { typealias Value = Locales }

  /// The interface's catalogues, loaded at start-up by `configure`.
  var locales: Locales {
    // An application that `configure` did not set up (some tools) has no catalogue: its texts show
    // their keys, a visible gap rather than a trap.
    get {
      storage[LocalesKey.self] ?? .none
    }
    set { storage[LocalesKey.self] = newValue }
  }
}
