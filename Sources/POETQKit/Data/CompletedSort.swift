import Foundation

/// One completed sort with everything that belongs to it, as plain values: what the exports write
/// and what an import stores. Scores are keyed by statement number.
public struct CompletedSort: Sendable, Equatable {
  /// The short id the sort carries in every export (see ``SortIDs``).
  public var sortID: String
  public var site: String
  /// The language the sort was made in (a language tag, `en`, `fr`, …): the participant's, else the
  /// study's own. Statements keep their numbers in every language, so this never changes the scores'
  /// meaning; it is recorded so that exports, selections and reports can tell sorts apart by it.
  public var language: String
  public var status: String
  public var consentedAt: Date?
  /// When the presort began: the start of "sort time".
  public var presortStartedAt: Date?
  /// When the grid was last confirmed: the end of "sort time".
  public var gridConfirmedAt: Date?
  public var submittedAt: Date?
  /// Answers by question key (a multiple choice has several).
  public var answers: [String: [String]]
  /// "Why did you place this here?" by statement number.
  public var comments: [Int: String]
  /// Score by statement number.
  public var scores: [Int: Int]

  public init(
    sortID: String, site: String, language: String = "en", status: String, consentedAt: Date? = nil,
    presortStartedAt: Date? = nil, gridConfirmedAt: Date? = nil, submittedAt: Date? = nil,
    answers: [String: [String]] = [:], comments: [Int: String] = [:], scores: [Int: Int]
  ) {
    self.sortID = sortID
    self.site = site
    self.language = language
    self.status = status
    self.consentedAt = consentedAt
    self.presortStartedAt = presortStartedAt
    self.gridConfirmedAt = gridConfirmedAt
    self.submittedAt = submittedAt
    self.answers = answers
    self.comments = comments
    self.scores = scores
  }

  /// Minutes from the start of the presort to the confirmed grid (the report's "sort time").
  public var sortMinutes: Double? {
    guard let start = presortStartedAt, let end = gridConfirmedAt else { return nil }
    return end.timeIntervalSince(start) / 60
  }
}
