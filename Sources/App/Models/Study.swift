import Fluent
import Vapor

/// A Q study: its texts, settings and grid range. Statements, columns, questions, sites and
/// participants hang off it.
final class Study: Model, @unchecked Sendable {
  static let schema = "studies"

  enum Status: String, Codable, CaseIterable, Sendable { case draft, open, closed }
  enum SortMode: String, Codable, CaseIterable, Sendable { case stepwise, grid }
  enum DistributionKind: String, Codable, CaseIterable, Sendable { case forced, free }

  @ID(key: .id) var id: UUID?
  @Field(key: "slug") var slug: String
  @Field(key: "title") var title: String
  @Field(key: "description") var description: String
  @Field(key: "information_sheet") var informationSheet: String
  @Field(key: "consent_text") var consentText: String
  @Field(key: "consent_version") var consentVersion: Int
  /// The condition of instruction ("Sort the statements from most disagree to most agree …").
  @Field(key: "instruction") var instruction: String
  @Field(key: "disagree_label") var disagreeLabel: String
  @Field(key: "agree_label") var agreeLabel: String
  @Field(key: "thank_you_text") var thankYouText: String
  @Field(key: "contact_details") var contactDetails: String
  @Field(key: "status") var status: Status
  @Field(key: "sort_mode") var sortMode: SortMode
  @Field(key: "distribution_kind") var distributionKind: DistributionKind
  @Field(key: "min_score") var minScore: Int
  @Field(key: "max_score") var maxScore: Int
  /// Scores whose statements get a "why?" comment, comma-separated (default: the two outermost).
  @Field(key: "comment_scores") var commentScores: String
  @Field(key: "comments_required") var commentsRequired: Bool
  @Field(key: "open_access") var openAccess: Bool
  /// The smallest group a site report names (``smallestGroupReported``); `nil` for the default.
  @OptionalField(key: "smallest_group") var smallestGroup: Int?
  /// The language the study's texts and statements are written in (a ``StudyLanguage`` tag): the
  /// source of its translations and the language offered when nothing else matches.
  @Field(key: "language") var language: String
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  @Children(for: \.$study) var sites: [Site]
  @Children(for: \.$study) var memberships: [StudyMembership]

  init() {}

  /// Site reports name no viewpoint held by fewer people at a site than this.
  static let defaultSmallestGroup = 3

  /// The smallest group a site report names: the study's setting, else 3.
  var smallestGroupReported: Int { smallestGroup ?? Self.defaultSmallestGroup }

  /// A blank draft on the usual −4…+4 grid.
  init(slug: String, title: String) {
    self.slug = slug
    self.title = title
    description = ""
    informationSheet = ""
    consentText = ""
    consentVersion = 1
    instruction = "Sort the statements from those you most disagree with to those you most agree with."
    disagreeLabel = "Most disagree"
    agreeLabel = "Most agree"
    thankYouText = "Thank you for taking part."
    contactDetails = ""
    status = .draft
    sortMode = .stepwise
    distributionKind = .forced
    minScore = -4
    maxScore = 4
    commentScores = "-4,4"
    commentsRequired = false
    openAccess = false
    language = StudyLanguage.en.tag
  }
}
