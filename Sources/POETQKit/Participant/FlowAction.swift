import Foundation

/// One thing a participant does. Each is saved on the server as it happens.
public enum FlowAction: Sendable, Hashable, Codable {
  /// Saves answers to the current questionnaire (question key → values; one value except for
  /// multiple choice; an empty list clears the answer). Stays on the page.
  case answer([String: [String]])
  /// Puts the next statement of the presort into a pile.
  case presort(statement: Int, pile: PresortPile)
  /// Takes back the last presort decision.
  case undoPresort
  /// Chooses the statements for the pending column of the stepwise ranking.
  case choose([Int])
  /// Takes back the last choice of the stepwise ranking.
  case undoChoice
  /// Grid mode: puts a statement into a column, or back into its pile (`score` nil).
  case place(statement: Int, score: Int?)
  /// Review: exchanges two statements' places.
  case swap(Int, Int)
  /// Saves comments (statement → text; empty text clears it). Stays on the page.
  case comment([Int: String])
  /// Finishes the current stage and goes on; on the last stage this is the final submission.
  case proceed
  /// Goes back one stage where that makes sense.
  case back
}
