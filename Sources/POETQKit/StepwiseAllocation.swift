import Foundation

/// The POETQ stepwise ranking (SPEC §4 step 4; report section 3.4.4): the presort piles are turned
/// into a full grid one column at a time, the participant choosing the statements for each column.
///
/// The state is fully determined by the grid, the piles and the choices made so far, and only
/// those three are stored (``Codable``), so the server can save a ranking after every choice and
/// resume it at the exact step; undo replays every choice but the last.
///
/// ## The rule
/// The positive columns are filled from the outermost inward ("choose the 2 statements you agree
/// with most", 2 being the capacity of +4, then 3 for +3, …); then the negative columns from the
/// outermost inward ("… you disagree with most"); then the middle, score 0, takes whatever is left.
/// A column draws on the piles in a fixed order: on the positive side agree → neutral → disagree,
/// on the negative side disagree → neutral → agree. Chosen statements leave their pile.
///
/// A column draws on the first of its piles that still has statements:
/// - more statements than the column has room: the participant chooses as many as the room
///   (``StepwiseStep/choose(score:count:candidates:pile:)``);
/// - as many or fewer: all of them go in without asking (a ``StepwiseFill`` with origin
///   ``StepwiseFill/Origin/automatic``) and, if the column still has room, it draws on the next pile.
/// So a choice always offers more candidates than it asks for, and a step is automatic exactly
/// when its candidates are no more than what is asked.
///
/// ## Decisions on the edge cases
/// - **A pile that only partly covers a column** (1 agree statement left, +2 takes 3): the agree
///   statement goes into +2 without asking and the participant chooses the other 2 from the neutral
///   pile. Not a choice from the union of both piles: the report treats the presort as the
///   participant's own first judgement and the steps as rank ordering within it ("displays all of
///   the agreeable statements on a single screen … selects their two most agreeable statements of
///   those displayed"; "The process is repeated with disagreeable statements and any neutral
///   statements"), and calls the column counts "little more than an heuristic to prompt people to
///   make careful choices between statements". A union would let a neutral statement overtake one
///   the participant said they agree with. With this rule the grid never contradicts the presort:
///   every agree statement scores at least as high as every neutral one, and every neutral one at
///   least as high as every disagree one, whatever the pile sizes. It is also SPEC's "when the
///   candidates exactly fill a column they are placed without asking", applied pile by pile, and
///   every screen shows statements of one pile only, as the report's screens did.
/// - **Sides are decided by the sign of the score.** A grid without a 0 column (say −3…−1, +1…+3,
///   or a 0 column of capacity 0) has no middle: the innermost negative column is filled last and
///   takes what is left. A grid entirely on one side (say 1…9) is all "agree side": it is filled
///   from the top, agree statements first, then neutral, then disagree, which is a plain ranking in
///   presort order; researchers who want a neutral middle number the grid around 0.
/// - **Asymmetric grids** need nothing special: each side is filled from its own columns, and a
///   side with more room than its pile draws on the neutral and then the opposite pile.
/// - **Columns of capacity 0** are skipped: nothing goes there, so nothing is asked.
/// - **A one-column grid** is filled without a single choice (each pile fits the one column).
/// - **The last column filled always takes whatever is left without asking**, because the grid
///   holds exactly as many statements as were presorted; it is reported as one automatic fill per
///   pile that still had statements (up to three), in the order agree, neutral, disagree for the
///   middle column.
/// - **No statements** (all capacities 0) is finished from the start.
/// - **Undo** takes back the last choice and every automatic fill that followed it; automatic fills
///   cannot be undone on their own because nothing was chosen. Before the first choice there is
///   nothing to undo (going back to the presort is the page's business: it starts a new ranking).
public struct StepwiseAllocation: Sendable, Equatable, Codable {
  /// The grid being filled.
  public let grid: SortGrid
  /// The presort piles the ranking started from.
  public let piles: PresortPiles
  /// The participant's choices so far, in order; each is the statements chosen at one step.
  public let choices: [[Int]]
  /// Everything derived from the three stored values.
  private let progress: StepwiseProgress

  /// Starts a ranking, or resumes one by replaying `choices`.
  ///
  /// - Parameters:
  ///   - grid: The grid to fill; its capacities must add up to the number of presorted statements.
  ///   - piles: The presort piles, each in presort order; every statement in exactly one pile once.
  ///   - choices: Choices already made, as stored from ``choices``.
  /// - Throws: ``StepwiseAllocationError/gridDoesNotFitStatements(gridCapacity:statementCount:)``,
  ///   ``StepwiseAllocationError/statementSortedTwice(_:)``, or
  ///   ``StepwiseAllocationError/storedChoiceRejected(index:reason:)`` for a choice that does not replay.
  public init(grid: SortGrid, piles: PresortPiles, choices: [[Int]] = []) throws(StepwiseAllocationError) {
    var seen = Set<Int>()
    for statement in piles.allStatements where !seen.insert(statement).inserted {
      throw .statementSortedTwice(statement)
    }
    guard grid.totalCapacity == piles.count else {
      throw .gridDoesNotFitStatements(gridCapacity: grid.totalCapacity, statementCount: piles.count)
    }
    var progress = StepwiseProgress(grid: grid, piles: piles)
    for (index, choice) in choices.enumerated() {
      do {
        try progress.choose(choice)
      } catch {
        throw .storedChoiceRejected(index: index, reason: error)
      }
    }
    self.init(grid: grid, piles: piles, choices: choices, progress: progress)
  }

  private init(grid: SortGrid, piles: PresortPiles, choices: [[Int]], progress: StepwiseProgress) {
    self.grid = grid
    self.piles = piles
    self.choices = choices
    self.progress = progress
  }

  /// What happens next: the choice to make, or the finished placements.
  public var nextStep: StepwiseStep { progress.nextStep }

  /// Whether every statement is placed.
  public var isFinished: Bool {
    if case .finished = progress.nextStep { return true }
    return false
  }

  /// Statement id → score for every statement placed so far (all of them once finished).
  public var placements: [Int: Int] { progress.placements }

  /// Every completed step so far, chosen and automatic, in the order they happened.
  public var fills: [StepwiseFill] { progress.fills }

  /// The automatic fills since the last choice (or since the start, before the first choice): what
  /// the page announces as "placed for you" after a choice is accepted.
  public var automaticFillsSinceLastChoice: [StepwiseFill] {
    let lastChosen = progress.fills.lastIndex { $0.origin == .chosen }
    return Array(progress.fills[(lastChosen.map { $0 + 1 } ?? 0)...])
  }

  /// The statements not yet placed, each pile in presort order.
  public var remainingPiles: PresortPiles { progress.remaining }

  /// Whether there is a choice to take back.
  public var canUndo: Bool { !choices.isEmpty }

  /// The ranking after the participant chooses `statements` for the pending step, with every
  /// automatic step that follows applied.
  ///
  /// - Parameter statements: The chosen statement ids, in any order.
  /// - Throws: ``StepwiseAllocationError/alreadyFinished`` when nothing is pending, then, checked in
  ///   this order, ``StepwiseAllocationError/chosenTwice(_:)``,
  ///   ``StepwiseAllocationError/notACandidate(statement:score:)`` and
  ///   ``StepwiseAllocationError/wrongCount(score:expected:chosen:)``.
  public func choosing(_ statements: [Int]) throws(StepwiseAllocationError) -> StepwiseAllocation {
    var progress = self.progress
    try progress.choose(statements)
    return StepwiseAllocation(grid: grid, piles: piles, choices: choices + [statements], progress: progress)
  }

  /// The ranking as it was before the last choice: that choice and the automatic fills after it
  /// are taken back, and its step is pending again.
  ///
  /// - Throws: ``StepwiseAllocationError/nothingToUndo`` before the first choice.
  public func undoingLastChoice() throws(StepwiseAllocationError) -> StepwiseAllocation {
    guard !choices.isEmpty else { throw .nothingToUndo }
    var progress = StepwiseProgress(grid: grid, piles: piles)
    // Every choice replayed when this ranking was made, so it replays again; were it ever not to
    // (a stored ranking changed underneath), that is an error to report, not a reason to stop.
    for (index, choice) in choices.dropLast().enumerated() {
      do {
        try progress.choose(choice)
      } catch {
        throw .storedChoiceRejected(index: index, reason: error)
      }
    }
    return StepwiseAllocation(grid: grid, piles: piles, choices: Array(choices.dropLast()), progress: progress)
  }

  /// Two rankings are equal when they have the same grid, piles and choices (everything else follows).
  public static func == (lhs: StepwiseAllocation, rhs: StepwiseAllocation) -> Bool {
    lhs.grid == rhs.grid && lhs.piles == rhs.piles && lhs.choices == rhs.choices
  }

  private enum CodingKeys: String, CodingKey {
    case grid
    case piles
    case choices
  }

  /// Decodes the stored grid, piles and choices and replays them.
  ///
  /// - Throws: `DecodingError.dataCorrupted` naming the problem when they do not replay.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let grid = try container.decode(SortGrid.self, forKey: .grid)
    let piles = try container.decode(PresortPiles.self, forKey: .piles)
    let choices = try container.decode([[Int]].self, forKey: .choices)
    do {
      try self.init(grid: grid, piles: piles, choices: choices)
    } catch {
      throw DecodingError.dataCorruptedError(forKey: .choices, in: container, debugDescription: error.description)
    }
  }

  /// Encodes the grid, piles and choices; everything else is rebuilt on decoding.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(grid, forKey: .grid)
    try container.encode(piles, forKey: .piles)
    try container.encode(choices, forKey: .choices)
  }
}
