import Foundation

/// Where a participant is, once they have consented (welcome and consent come before a flow exists).
public enum FlowStage: String, Sendable, Hashable, Codable, CaseIterable {
  /// The questionnaire before the sort.
  case questionsBefore = "questions_before"
  /// One statement at a time into Disagree / Neutral / Agree.
  case presort
  /// The stepwise ranking, column by column.
  case ranking
  /// Direct placement into the grid (grid mode).
  case placing
  /// The whole grid, with swaps.
  case review
  /// "Why did you place this here?" for the extreme columns.
  case comments
  /// The questionnaire after the sort.
  case questionsAfter = "questions_after"
  /// Submitted: nothing changes any more.
  case submitted
}
