import Foundation

/// What a participant's way through a study depends on: the study's design as the flow sees it.
///
/// Statements are identified by their number in the Q-set, which is fixed once anyone has responded.
public struct FlowDesign: Sendable, Equatable {
  /// The statement numbers of the Q-set.
  public var statements: [Int]
  /// The sorting grid.
  public var grid: SortGrid
  /// Whether the column capacities bind the final sort.
  public var distribution: DistributionKind
  /// Stepwise ranking or direct placement.
  public var method: SortMethod
  /// The questions asked before and after the sort, in order.
  public var questions: [TemplateQuestion]
  /// The scores whose statements are commented on ("why did you place this here?").
  public var commentScores: [Int]
  /// Whether every comment must be written before submitting.
  public var commentsRequired: Bool

  /// Creates a design.
  public init(
    statements: [Int], grid: SortGrid, distribution: DistributionKind, method: SortMethod,
    questions: [TemplateQuestion], commentScores: [Int], commentsRequired: Bool
  ) {
    self.statements = statements
    self.grid = grid
    self.distribution = distribution
    self.method = method
    self.questions = questions
    self.commentScores = commentScores
    self.commentsRequired = commentsRequired
  }

  /// The questions of one phase, in order.
  public func questions(in phase: TemplateQuestion.Phase) -> [TemplateQuestion] {
    questions.filter { $0.phase == phase }
  }

  /// The stage after consent, after the presort, … for this design: stages without content (no
  /// questions, no comment columns) are left out.
  public var stages: [FlowStage] {
    var stages: [FlowStage] = []
    if !questions(in: .before).isEmpty { stages.append(.questionsBefore) }
    stages += [.presort, method == .stepwise ? .ranking : .placing, .review]
    if grid.columns.contains(where: { commentScores.contains($0.score) }) { stages.append(.comments) }
    if !questions(in: .after).isEmpty { stages.append(.questionsAfter) }
    return stages
  }
}
