import Fluent
import NIOConcurrencyHelpers
import POETQKit
import Vapor

/// A study's design in one language as a participant's request needs it: the study's texts in that
/// language (``StudyWording``), its statements, grid and questions with their texts translated,
/// the flow's view of the design, and the flow's messages in that language's interface words.
/// Only the design is held here, never a participant's response.
struct CachedDesign: @unchecked Sendable {
  let version: Int
  /// Read only: shared by every request that finds this version in force (never saved from here).
  /// Its texts are the source language's: pages read ``wording`` instead.
  let study: Study
  let language: StudyLanguage
  /// The study's own texts in ``language``.
  let wording: StudyWording
  /// The design with its texts in ``language`` (statement numbers, scores and question keys as stored).
  let design: StudyTemplate
  /// The flow's view of the design as written in the source language, the same in every language:
  /// statement numbers and the grid are shared, and an answer is stored as the source option it
  /// stands for, so the answers of every language read (and analyse) alike.
  let flowDesign: FlowDesign
  let messages: FlowMessages
  /// The interface's words in ``language`` (English where the language has no catalogue yet).
  let texts: ParticipantTexts
}

/// A study at one design version: the languages it offers and its design in each of them.
struct CachedStudy: @unchecked Sendable {
  let version: Int
  /// The study's own language, offered first.
  let source: StudyLanguage
  /// The languages participants may take part in: the study's own, then each complete translation
  /// (``StudyTranslations/offered(source:texts:)``).
  let offered: [StudyLanguage]
  /// The design in the study's own language, and in each other offered language.
  let sourceDesign: CachedDesign
  let translatedDesigns: [StudyLanguage: CachedDesign]

  /// The design in `language`, or in the study's own language when `language` is not offered.
  func design(in language: StudyLanguage) -> CachedDesign { translatedDesigns[language] ?? sourceDesign }
}

/// Each instance's designs by study, each kept while its version is the one in the database.
/// A request reads the version with the participant (one row it reads anyway) and takes the cached
/// design only when the numbers match, so a change made through another instance is seen by the
/// next request here too; a mismatch loads the design again (six statements) and keeps it.
/// Storing translations raises the version too (the translations editor bumps it), so a language
/// that becomes complete, or stops being so, is offered or withdrawn at the next request.
final class StudyDesignCache: Sendable {
  private let studies = NIOLockedValueBox([UUID: CachedStudy]())

  /// The design of `studyID` at `version` in every language it offers, from the cache or loaded
  /// from `db`; the interface's words of each language come from `locales`.
  func study(studyID: UUID, version: Int, locales: Locales, on db: any Database) async throws -> CachedStudy {
    if let cached = studies.withLockedValue({ $0[studyID] }), cached.version == version { return cached }
    guard let study = try await Study.find(studyID, on: db) else {
      throw ServerFault("The participant's study \(studyID) is missing.")
    }
    let design = try await StudyDesign.load(study, on: db)
    let texts = try await TranslatableTexts.load(study, design: design, on: db)
    let translations = try await StudyTranslations.load(studyID: studyID, on: db)
    let source = StudyLanguage(tag: study.language) ?? .en
    let offered = translations.offered(source: source, texts: texts)
    let flowDesign = try FlowDesign(study: study, design: design)
    let wording = StudyWording(study: study)
    var designs: [StudyLanguage: CachedDesign] = [:]
    for language in [source] + offered.filter({ $0 != source }) {
      let (translatedWording, translatedDesign) = wording.translated(
        design, by: language == source ? [:] : translations.current(language, texts: texts))
      let interface = locales.texts(for: language)
      designs[language] = CachedDesign(
        version: version, study: study, language: language, wording: translatedWording, design: translatedDesign,
        flowDesign: flowDesign,
        messages: FlowMessages(
          texts: interface,
          statements: Dictionary(translatedDesign.statements.map { ($0.number, $0.text) }) { first, _ in first },
          prompts: Self.prompts(from: design, to: translatedDesign), isolatesScores: language.isRightToLeft),
        texts: interface)
    }
    // Read after `version` was: a change committed in between can only leave a newer design under
    // the older number (loaded again at the next request), never an older design under a newer one.
    guard let sourceDesign = designs.removeValue(forKey: source) else {
      throw ServerFault("The study \(studyID)'s design in its own language was not built.")
    }
    let loaded = CachedStudy(
      version: version, source: source, offered: offered, sourceDesign: sourceDesign, translatedDesigns: designs)
    studies.withLockedValue { cache in
      if (cache[studyID]?.version ?? Int.min) <= version { cache[studyID] = loaded }
    }
    return loaded
  }

  /// Each question's prompt as written → as `translated` words it, for the flow's refusals (which
  /// name the source design's questions).
  static func prompts(from design: StudyTemplate, to translated: StudyTemplate) -> [String: String] {
    var prompts: [String: String] = [:]
    for question in design.questions {
      if let other = translated.questions.first(where: { $0.key == question.key }) {
        prompts[question.prompt] = other.prompt
      }
    }
    return prompts
  }

  /// How many studies are held (for tests).
  var count: Int { studies.withLockedValue { $0.count } }
}

extension Application {
  private struct StudyDesignCacheKey: StorageKey { typealias Value = StudyDesignCache }

  /// This instance's participant-side design cache, made by `configure` (an application configured
  /// without one, as some tools are, gets an empty cache that caches nothing across calls).
  var studyDesignCache: StudyDesignCache {
    get { storage[StudyDesignCacheKey.self] ?? StudyDesignCache() }
    set { storage[StudyDesignCacheKey.self] = newValue }
  }
}
