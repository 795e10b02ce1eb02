import POETQKit

/// The participant-facing wording of refused actions and of what an action did (announced to
/// screen readers and shown on the page), from the participant texts.
struct FlowMessages {
  let texts: ParticipantTexts
  /// Statement number → text.
  let statements: [Int: String]
  /// A question's prompt as the flow names it (the source language) → as the participant reads it.
  var prompts: [String: String] = [:]

  /// A question's prompt in the participant's language.
  func prompt(_ prompt: String) -> String { prompts[prompt] ?? prompt }

  /// Right-to-left pages isolate each score as left-to-right text: "−4" stays "−4" in an Arabic
  /// sentence (without the isolate the bidirectional algorithm shows the sign after the digit).
  var isolatesScores = false

  /// A column's score as written (−4 … +4), in every language.
  func score(_ score: Int) -> String {
    let label = SortGrid.label(ofScore: score)
    return isolatesScores ? "\u{2066}" + label + "\u{2069}" : label
  }

  func pile(_ pile: PresortPile) -> String {
    switch pile {
    case .agree: texts("pileAgree")
    case .neutral: texts("pileNeutral")
    case .disagree: texts("pileDisagree")
    }
  }

  func text(_ statement: Int) -> String { statements[statement] ?? "#\(statement)" }

  /// Why an action was refused.
  func refusal(_ error: FlowError) -> String {
    switch error {
    case .notNow: return texts("errorNotNow")
    case .alreadySubmitted: return texts("errorAlreadySubmitted")
    case .notNextInPresort: return texts("errorNotNextInPresort")
    case .presortUnfinished(let remaining):
      return texts.plural("errorPresortUnfinished", count: remaining, ["remaining": remaining])
    case .nothingToUndo: return texts("errorNothingToUndo")
    case .wrongChoice(.wrongCount(_, let expected, let chosen)):
      return texts("errorWrongCount", ["count": expected, "chosen": chosen])
    case .wrongChoice: return texts("errorWrongChoice")
    case .unknownStatement: return texts("errorUnknownStatement")
    case .unknownColumn: return texts("errorUnknownColumn")
    case .columnFull(let score, let capacity):
      return texts.plural("errorColumnFull", count: capacity, ["score": self.score(score), "capacity": capacity])
    case .gridIncomplete(let problems): return grid(problems)
    case .answersRequired(let missing):
      return missing.count == 1
        ? texts("errorAnswerRequired", ["prompt": prompt(missing[0].prompt)])
        : texts.plural("errorAnswersRequired", count: missing.count)
    case .answerInvalid(let asked, .notAnOption), .answerInvalid(let asked, .oneValueOnly):
      return texts("errorNotAnOption", ["prompt": prompt(asked)])
    case .answerInvalid(let asked, .notANumber): return texts("errorNotANumber", ["prompt": prompt(asked)])
    case .answerInvalid(let asked, .tooLong(let limit)):
      return texts.plural("errorTooLong", count: limit, ["prompt": prompt(asked), "limit": limit])
    case .unknownQuestion: return texts("errorUnknownQuestion")
    case .commentsRequired(let missing):
      return missing.count == 1
        ? texts("errorCommentRequired", ["text": text(missing[0])])
        : texts.plural("errorCommentsRequired", count: missing.count)
    case .notCommentable: return texts("errorNotCommentable")
    case .commentTooLong(let statement, let limit):
      return texts.plural("errorCommentTooLong", count: limit, ["text": text(statement), "limit": limit])
    case .cannotGoBack: return texts("errorCannotGoBack")
    }
  }

  private func grid(_ problems: [GridPlacementError]) -> String {
    let notPlaced = problems.filter { if case .notPlaced = $0 { true } else { false } }.count
    if notPlaced > 0 { return texts.plural("errorNotPlaced", count: notPlaced) }
    for problem in problems {
      if case .wrongColumnCount(let score, let holds, let capacity) = problem {
        return texts.plural(
          "errorWrongColumnCount", count: holds, ["score": self.score(score), "holds": holds, "capacity": capacity])
      }
    }
    return texts("errorGrid")
  }

  /// What the actions did, for the live region; empty when moving between stages (the new page's
  /// heading says it).
  func announcement(of actions: [FlowAction], after: ParticipantFlow, design: FlowDesign) -> String {
    actions.compactMap { action -> String? in
      switch action {
      case .presort(let statement, let pile):
        return texts("announcePresort", ["pile": self.pile(pile), "text": text(statement)])
      case .undoPresort:
        // What was undone is the statement the presort asks about again.
        guard let undone = after.nextInPresort else { return nil }
        return texts("announceUndoPresort", ["text": text(undone)])
      case .choose: return chosen(after: after, design: design)
      case .undoChoice: return texts("announceUndoChoice")
      case .place(let statement, let score):
        guard let score else { return texts("announceUnplaced", ["text": text(statement)]) }
        return texts("announcePlaced", ["score": self.score(score), "text": text(statement)])
      case .swap(let first, let second):
        return texts(
          "announceSwapped",
          [
            "first": text(first), "firstScore": score(after.placements[first] ?? 0), "second": text(second),
            "secondScore": score(after.placements[second] ?? 0),
          ])
      case .answer, .comment: return actions.count == 1 ? texts("announceSaved") : nil
      case .proceed, .back: return nil
      }
    }.joined(separator: " ")
  }

  /// The last ranking choice in one short line, for a phone ("2 statements placed in +4 · 10 more
  /// placed for you"); the whole announcement is behind it. Nil when the actions made no choice.
  func chosenSummary(of actions: [FlowAction], after: ParticipantFlow, design: FlowDesign) -> String? {
    guard actions.contains(where: { if case .choose = $0 { true } else { false } }),
      let ranking = try? after.ranking(design: design),
      let lastChosen = ranking.fills.last(where: { $0.origin == .chosen })
    else { return nil }
    let count = lastChosen.statements.count
    var parts = [
      texts.plural("placedSummary", count: count, ["score": score(lastChosen.score)])
    ]
    let automatic = ranking.automaticFillsSinceLastChoice.reduce(0) { $0 + $1.statements.count }
    if automatic > 0 { parts.append(texts.plural("placedSummaryAutomatic", count: automatic)) }
    return parts.joined(separator: " · ")
  }

  private func chosen(after: ParticipantFlow, design: FlowDesign) -> String? {
    guard let ranking = try? after.ranking(design: design),
      let lastChosen = ranking.fills.last(where: { $0.origin == .chosen })
    else { return nil }
    var parts = [
      texts(
        "announceChosen",
        [
          "score": score(lastChosen.score),
          "texts": lastChosen.statements.map { texts("quoted", ["text": text($0)]) }.joined(separator: ", "),
        ])
    ]
    for fill in ranking.automaticFillsSinceLastChoice {
      parts.append(texts.plural("announceAutomatic", count: fill.statements.count, ["score": score(fill.score)]))
    }
    return parts.joined(separator: " ")
  }
}
