import Fluent
import NIOConcurrencyHelpers
import POETQKit
import Vapor

/// A study's design as a participant's request needs it, built once per design version: the study
/// row, its statements, grid, questions and sites, and what the flow and its messages make of them.
/// Only the design is held here, never a participant's response.
struct CachedDesign: @unchecked Sendable {
  let version: Int
  /// Read only: shared by every request that finds this version in force (never saved from here).
  let study: Study
  let design: StudyTemplate
  let flowDesign: FlowDesign
  let messages: FlowMessages
}

/// Each instance's designs by study, each kept while its version is the one in the database.
/// A request reads the version with the participant (one row it reads anyway) and takes the cached
/// design only when the numbers match, so a change made through another instance is seen by the
/// next request here too; a mismatch loads the design again (six statements) and keeps it.
final class StudyDesignCache: Sendable {
  private let designs = NIOLockedValueBox([UUID: CachedDesign]())

  /// The design of `studyID` at `version`, from the cache or loaded from `db`.
  func design(studyID: UUID, version: Int, texts: ParticipantTexts, on db: any Database) async throws
    -> CachedDesign
  {
    if let cached = designs.withLockedValue({ $0[studyID] }), cached.version == version { return cached }
    guard let study = try await Study.find(studyID, on: db) else {
      throw ServerFault("The participant's study \(studyID) is missing.")
    }
    let design = try await StudyDesign.load(study, on: db)
    // Read after `version` was: a change committed in between can only leave a newer design under
    // the older number (loaded again at the next request), never an older design under a newer one.
    let loaded = CachedDesign(
      version: version, study: study, design: design, flowDesign: try FlowDesign(study: study, design: design),
      messages: FlowMessages(
        texts: texts, statements: Dictionary(design.statements.map { ($0.number, $0.text) }) { first, _ in first }))
    designs.withLockedValue { cache in
      if (cache[studyID]?.version ?? Int.min) <= version { cache[studyID] = loaded }
    }
    return loaded
  }

  /// How many designs are held (for tests).
  var count: Int { designs.withLockedValue { $0.count } }
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
