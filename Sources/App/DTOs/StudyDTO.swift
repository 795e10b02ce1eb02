import POETQKit
import Vapor

/// A study as the API shows it: texts, settings, status, how much of the design exists, whether
/// the Q-set and grid are locked, and what still stands in the way of opening it.
struct StudyDTO: Content, Equatable {
  /// What participants read.
  struct Texts: Content, Equatable {
    var description: String
    var informationSheet: String
    var consentText: String
    /// Read-only: goes up by one each time a non-empty consent text changes.
    var consentVersion: Int
    var instruction: String
    var disagreeLabel: String
    var agreeLabel: String
    var thankYouText: String
    var contactDetails: String
  }

  /// How the sort behaves.
  struct Settings: Content, Equatable {
    var sortMode: Study.SortMode
    /// Read-only here; changed with `PUT …/distribution`.
    var distributionKind: Study.DistributionKind
    /// Read-only: the grid's score range follows its columns.
    var minScore: Int
    var maxScore: Int
    /// The scores whose statements get a "why?" comment.
    var commentScores: [Int]
    var commentsRequired: Bool
    var openAccess: Bool
    /// Site reports and per-site counts name no viewpoint held by fewer people at a site (1–50).
    var smallestGroupReported: Int
  }

  struct Counts: Content, Equatable {
    var statements: Int
    var columns: Int
    /// The sum of the column capacities.
    var gridCapacity: Int
    var questions: Int
    var sites: Int
  }

  var slug: String
  var title: String
  var status: Study.Status
  var role: StudyMembership.Role
  /// The language the texts are written in (a tag: en, fr, de, es, ar).
  var language: String
  /// The study's own language first, then each language it has translations into.
  var languages: [LanguageDTO]
  var texts: Texts
  var settings: Settings
  var counts: Counts
  /// Whether the Q-set and grid are frozen because real participants have started sorting.
  var locked: Bool
  /// Why they are locked; `null` when they are not.
  var lockedReason: String?
  /// What must be done before the study can open (empty when it can).
  var problemsBeforeOpening: [String]
  var createdAt: Date?
  var updatedAt: Date?

  init(
    _ study: Study, role: StudyMembership.Role, design: StudyTemplate, lockedReason: String?, languages: [LanguageDTO]
  ) {
    slug = study.slug
    title = study.title
    status = study.status
    self.role = role
    language = study.language
    self.languages = languages
    texts = Texts(
      description: study.description, informationSheet: study.informationSheet, consentText: study.consentText,
      consentVersion: study.consentVersion, instruction: study.instruction, disagreeLabel: study.disagreeLabel,
      agreeLabel: study.agreeLabel, thankYouText: study.thankYouText, contactDetails: study.contactDetails)
    settings = Settings(
      sortMode: study.sortMode, distributionKind: study.distributionKind, minScore: study.minScore,
      maxScore: study.maxScore, commentScores: study.commentScoreList, commentsRequired: study.commentsRequired,
      openAccess: study.openAccess, smallestGroupReported: study.smallestGroupReported)
    counts = Counts(
      statements: design.statements.count, columns: design.columns.count, gridCapacity: design.gridCapacity,
      questions: design.questions.count, sites: design.sites.count)
    locked = lockedReason != nil
    self.lockedReason = lockedReason
    problemsBeforeOpening = StudyDesign.problemsBeforeOpening(study, design: design)
    createdAt = study.createdAt
    updatedAt = study.updatedAt
  }

  /// Like the synthesised encoding, but `lockedReason` is always present (`null` when unlocked).
  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(slug, forKey: .slug)
    try container.encode(title, forKey: .title)
    try container.encode(status, forKey: .status)
    try container.encode(role, forKey: .role)
    try container.encode(language, forKey: .language)
    try container.encode(languages, forKey: .languages)
    try container.encode(texts, forKey: .texts)
    try container.encode(settings, forKey: .settings)
    try container.encode(counts, forKey: .counts)
    try container.encode(locked, forKey: .locked)
    try container.encode(lockedReason, forKey: .lockedReason)
    try container.encode(problemsBeforeOpening, forKey: .problemsBeforeOpening)
    try container.encodeIfPresent(createdAt, forKey: .createdAt)
    try container.encodeIfPresent(updatedAt, forKey: .updatedAt)
  }
}
