import Foundation

/// Why an action was refused. The participant-facing wording lives with the server's texts (one
/// place per language); these cases carry what the wording needs.
public enum FlowError: Error, Sendable, Equatable {
  /// The action does not belong on the current stage (a stale page, a replayed request).
  case notNow(FlowStage)
  /// Already submitted: nothing changes any more.
  case alreadySubmitted
  /// The presort names a statement that is not the next one to sort.
  case notNextInPresort(expected: Int?, got: Int)
  /// Going on from the presort with statements left to sort.
  case presortUnfinished(remaining: Int)
  /// Nothing to take back.
  case nothingToUndo
  /// The stepwise ranking refused a choice.
  case wrongChoice(StepwiseAllocationError)
  /// A statement number that is not in the Q-set.
  case unknownStatement(Int)
  /// A score that is not a column of the grid.
  case unknownColumn(Int)
  /// Grid mode, forced distribution: the column already holds its capacity.
  case columnFull(score: Int, capacity: Int)
  /// The grid is not a complete, valid sort yet (going on from placing or review, or submitting).
  case gridIncomplete([GridPlacementError])
  /// Required questions without an answer: all of them at once, in the order they are asked, so
  /// a page can name each beside its field.
  case answersRequired([MissingAnswer])
  /// An answer that the question cannot take.
  case answerInvalid(prompt: String, problem: AnswerProblem)
  /// A question key the study does not have on this page.
  case unknownQuestion(String)
  /// Required comments that are missing: every statement without one, in the order asked.
  case commentsRequired(statements: [Int])
  /// A comment on a statement that is not in a comment column.
  case notCommentable(statement: Int)
  /// A comment over ``ParticipantFlow/maxCommentLength``.
  case commentTooLong(statement: Int, limit: Int)
  /// There is no earlier stage to go back to.
  case cannotGoBack

  /// A required question left unanswered: its key (the form field) and its prompt (its wording).
  public struct MissingAnswer: Sendable, Equatable {
    /// The question's key.
    public var key: String
    /// The question as the participant reads it.
    public var prompt: String

    /// Creates the record of one unanswered question.
    public init(key: String, prompt: String) {
      self.key = key
      self.prompt = prompt
    }
  }

  /// What is wrong with an answer.
  public enum AnswerProblem: Sendable, Equatable {
    /// Not one of the question's options.
    case notAnOption(String)
    /// More than one value for a question that takes one.
    case oneValueOnly
    /// Not a number.
    case notANumber(String)
    /// Longer than the limit.
    case tooLong(limit: Int)
  }
}
