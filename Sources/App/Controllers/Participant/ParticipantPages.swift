import POETQKit
import Vapor

/// Builds the page a participant sees for where they are.
struct ParticipantPages {
  let visit: ParticipantVisit
  let baseURL: String

  private var texts: ParticipantTexts { visit.texts }
  private var design: FlowDesign { visit.flowDesign }

  /// A page with everything but its stage-specific part.
  func base(template: String, title: String, revision: Int = 0, step: FlowStep? = nil) -> ParticipantPage {
    let steps = FlowStep.all(design)
    let number = step.flatMap { steps.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
    var page = ParticipantPage.envelope(
      template: template, texts: texts, language: visit.language, title: title, studyTitle: visit.wording.title)
    page.languages = visit.languageLinks()
    page.action = visit.path
    page.revision = revision
    page.preview = visit.participant.isPreview
    page.step =
      number == 0 ? "" : texts("stepOf", ["number": number, "total": steps.count, "name": texts(step?.textKey ?? "")])
    page.stepNumber = number
    page.stepTotal = steps.count
    page.history = step?.textKey ?? ""
    page.withdrawHref =
      ParticipantWithdrawalController.canWithdraw(visit.participant) ? visit.href(.withdraw) : ""
    if let step, Self.showsInstruction.contains(step) { page.instruction = visit.wording.instruction }
    return page
  }

  /// The steps that keep the condition of instruction in view: in Q methodology it is the
  /// measurement, so every page where statements are sorted shows the question they answer.
  static let showsInstruction: [FlowStep] = [
    .welcome, .flow(.presort), .flow(.ranking), .flow(.placing), .flow(.review),
  ]

  // MARK: - Before consent, and off the flow

  func welcome() -> ParticipantPage {
    var page = base(template: "participant/welcome", title: visit.wording.title, step: .welcome)
    page.welcome = .init(
      description: visit.wording.description, informationSheet: visit.wording.informationSheet,
      personalLink: baseURL + visit.path, consentHref: visit.path + "?step=consent&lang=" + visit.language.tag)
    return page
  }

  /// The consent form; with `confirmDecline`, the question whether declining is meant.
  func consent(error: String = "", confirmDecline: Bool = false) -> ParticipantPage {
    var page = base(template: "participant/consent", title: texts("consentHeading"), step: .consent)
    page.languages = visit.languageLinks(query: "step=consent")
    page.consent = .init(
      text: visit.wording.consentText, version: visit.study.consentVersion,
      versionText: texts("consentVersion", ["version": visit.study.consentVersion]), action: visit.href(.consent),
      confirmDecline: confirmDecline)
    page.error = error
    if confirmDecline { page.focus = "decline-confirm" }
    return page
  }

  func message(_ heading: String, _ text: String) -> ParticipantPage {
    var page = base(template: "participant/message", title: texts(heading))
    page.message = .init(heading: texts(heading), text: texts(text), contact: visit.wording.contactDetails)
    return page
  }

  /// The page of a declined link: nothing is kept, and while the study takes participants the
  /// participant can change their mind from here.
  func declined() -> ParticipantPage {
    var page = message("declinedHeading", "declinedText")
    if visit.studyAccepts { page.message?.reconsiderAction = visit.href(.consent) }
    return page
  }

  func thanks() -> ParticipantPage {
    var page = base(template: "participant/thanks", title: texts("thankYouHeading"))
    page.thanks = .init(
      text: visit.wording.thankYouText, contact: visit.wording.contactDetails,
      informationSheet: visit.wording.informationSheet)
    return page
  }

  // MARK: - The flow

  /// The page of the flow's current stage; after a refusal, with the reason, each field it
  /// concerns marked, and what the refused actions had chosen kept.
  ///
  /// `done` holds the actions the page answers (shown right after them), so a placement can be
  /// followed by the next statement to place.
  ///
  /// `ticked` holds the statements to show ticked on a ranking step: those of a choice just undone,
  /// so taking a step back shows it as it was.
  func flow(
    _ stored: StoredFlow, select: Int? = nil, refusal: FlowError? = nil, attempted: [FlowAction] = [],
    done: [FlowAction] = [], ticked: [Int] = []
  ) -> ParticipantPage {
    let flow = stored.flow
    var page: ParticipantPage
    switch flow.stage {
    case .questionsBefore, .questionsAfter: page = questions(stored, refusal: refusal)
    case .presort: page = presort(stored)
    case .ranking: page = ranking(stored, attempted: attempted, ticked: ticked)
    case .placing: page = placing(stored, select: select, done: done)
    case .review: page = review(stored, select: select)
    case .comments: page = comments(stored, refusal: refusal)
    case .submitted: page = thanks()
    }
    page.backAction = backAction(stored)
    if let refusal {
      page.error = visit.messages.refusal(refusal)
      page.focus = "error"
    }
    return page
  }

  /// Says what `actions` did on `page`: in the live region, and on a ranking step after a choice
  /// also as the step's one-line report (the whole report behind it).
  func announcing(_ actions: [FlowAction], on page: inout ParticipantPage, after flow: ParticipantFlow) {
    let text = visit.messages.announcement(of: actions, after: flow, design: design)
    if page.ranking != nil, let summary = visit.messages.chosenSummary(of: actions, after: flow, design: design) {
      page.ranking?.reportSummary = summary
      page.ranking?.reportText = text
    } else {
      page.announce = text
    }
  }

  /// What the browser's Back posts: the previous step where the flow has one.
  private func backAction(_ stored: StoredFlow) -> String {
    let flow = stored.flow
    if flow.stage == .ranking, (try? flow.ranking(design: design))?.canUndo == true { return "undo_choice" }
    return (try? flow.applying(.back, design: design, at: Date())) == nil ? "" : "back"
  }

  private func proceedLabel(_ flow: ParticipantFlow) -> String {
    flow.nextStage(design: design) == nil ? texts("submit") : texts("continue")
  }

  private func questions(_ stored: StoredFlow, refusal: FlowError?) -> ParticipantPage {
    let flow = stored.flow
    let before = flow.stage == .questionsBefore
    let heading = texts(before ? "questionsBeforeHeading" : "questionsAfterHeading")
    var page = base(
      template: "participant/questions", title: heading, revision: stored.revision, step: .flow(flow.stage))
    var missing: [String] = []
    if case .answersRequired(let answers) = refusal { missing = answers.map(\.key) }
    let items = design.questions(in: before ? .before : .after).enumerated().map { index, question in
      let id = "q\(index + 1)"
      // The question as the participant reads it; its options still post the source texts they
      // stand for (what the flow checks and stores), so answers read alike in every language.
      let shown = visit.design.questions.first { $0.key == question.key }
      let optionText = { (offset: Int, option: String) in
        shown.flatMap { offset < $0.options.count ? $0.options[offset] : nil } ?? option
      }
      let answer = flow.answers[question.key] ?? []
      let control: String
      switch question.kind {
      case .singleChoice, .ratingScale: control = "radio"
      case .multipleChoice: control = "checkbox"
      case .longText: control = "long"
      case .number: control = "number"
      case .shortText: control = "short"
      }
      return ParticipantPage.Item(
        key: question.key, id: id, field: ParticipantForm.answerPrefix + question.key,
        prompt: shown?.prompt ?? question.prompt,
        control: control, required: question.required,
        options: question.options.enumerated().map {
          .init(
            id: "\(id)-\($0.offset + 1)", value: $0.element, text: optionText($0.offset, $0.element),
            checked: answer.contains($0.element))
        }, value: question.kind.hasOptions ? "" : answer.first ?? "",
        error: missing.contains(question.key) ? texts("errorAnswerHere") : "")
    }
    page.errors = items.filter { !$0.error.isEmpty }.map {
      .init(href: "#" + ($0.options.first?.id ?? $0.id), text: $0.prompt)
    }
    page.questions = .init(
      heading: heading, items: items, canGoBack: !before, proceedLabel: proceedLabel(flow))
    return page
  }

  private func presort(_ stored: StoredFlow) -> ParticipantPage {
    let flow = stored.flow
    let piles = flow.piles
    var page = base(
      template: "participant/presort", title: texts("presortHeading"), revision: stored.revision, step: .flow(.presort))
    let total = flow.presortOrder.count
    let position = flow.presort.count + 1
    let counts: [String: any CustomStringConvertible] = [
      "agree": piles.agree.count, "neutral": piles.neutral.count, "disagree": piles.disagree.count, "total": total,
    ]
    page.presort = .init(
      statement: flow.nextInPresort.map { visit.card($0) }, position: min(position, total), sorted: flow.presort.count,
      total: total,
      progressText: texts("presortProgress", ["number": min(position, total), "total": total]),
      countsText: texts("presortCounts", counts), doneText: texts.plural("presortDone", count: total, counts),
      proceedLabel: texts(design.method == .stepwise ? "presortContinue" : "presortContinueGrid"),
      canUndo: !flow.presort.isEmpty)
    page.focus = flow.nextInPresort == nil ? "proceed" : "statement"
    return page
  }

  private func ranking(_ stored: StoredFlow, attempted: [FlowAction], ticked undone: [Int]) -> ParticipantPage {
    let flow = stored.flow
    var page = base(
      template: "participant/ranking", title: texts("stageRanking"), revision: stored.revision, step: .flow(.ranking))
    guard let ranking = try? flow.ranking(design: design),
      case .choose(let score, let count, let candidates, let pile) = ranking.nextStep
    else { return page }
    let agreeSide = score > 0
    let key = agreeSide ? "rankingAgree" : "rankingDisagree"
    // A refused choice (too many, too few) keeps its ticks, so only the difference needs fixing.
    var ticked = Set(undone)
    for case .choose(let chosen) in attempted { ticked = Set(chosen) }
    let firstOfDisagreeSide = !agreeSide && !ranking.fills.contains { $0.score < 0 }
    let label = visit.design.columns.first { $0.score == score }?.label ?? ""
    let scoreName = visit.messages.score(score)
    page.ranking = .init(
      heading: texts.plural(key, count: count), side: agreeSide ? "agree" : "disagree",
      turn: firstOfDisagreeSide ? texts("rankingTurn") : "",
      columnText: texts("rankingColumn", ["score": scoreName, "label": label]),
      // Said in plain words, from the first impressions: "from those you felt neutral about".
      pileText: texts(Self.fromPileKey[pile] ?? "rankingFromPile", ["pile": visit.messages.pile(pile)]), count: count,
      candidates: candidates.map {
        var card = visit.card($0)
        card.checked = ticked.contains($0)
        return card
      }, placeLabel: texts("rankingPlace", ["score": scoreName]),
      chosenTemplate: texts("rankingChosen", ["count": count]),
      progressText: texts.plural(
        "rankingProgress", count: flow.presortOrder.count,
        ["placed": ranking.placements.count, "total": flow.presortOrder.count]),
      placed: ranking.placements.count, total: flow.presortOrder.count, canUndo: ranking.canUndo)
    page.title = page.ranking?.heading ?? page.title
    // Every choice is a step of its own: it starts at its heading, in the history too.
    page.focus = "heading"
    page.history += "-\(ranking.placements.count)"
    return page
  }

  /// Where a ranking step's candidates come from, in the participant's words.
  static let fromPileKey: [PresortPile: String] = [
    .agree: "rankingFromAgree", .neutral: "rankingFromNeutral", .disagree: "rankingFromDisagree",
  ]

  private func columns(_ placements: [Int: Int], selected: Int?) -> [ParticipantPage.Column] {
    design.grid.columns.map { column in
      let cards = placements.filter { $0.value == column.score }.keys.sorted().map {
        visit.card($0, selected: selected, score: column.score)
      }
      let free = max(column.capacity - cards.count, 0)
      let heading = visit.columnHeading(column.score)
      let forced = design.distribution == .forced
      // The button names the column as its heading does ("Column +4: Most agree"), so a participant
      // choosing where a statement goes reads what the column means, not only its score.
      return ParticipantPage.Column(
        score: column.score, id: ParticipantVisit.columnID(column.score), heading: heading,
        cards: cards, capacity: column.capacity, free: free, full: forced && free == 0,
        buttonScore: visit.messages.score(column.score), buttonBefore: texts("placingButtonBefore"),
        buttonAfter: label(ofColumn: column.score).map { ": \($0)" } ?? "",
        buttonFree: !forced
          ? ""
          : free == 0 ? texts("placingButtonFull") : texts.plural("placingButtonFree", count: free, ["free": free]),
        freeText: forced ? texts("placingFree", ["free": free, "capacity": column.capacity]) : "",
        fullText: texts.plural(
          "errorColumnFull", count: column.capacity,
          ["score": visit.messages.score(column.score), "capacity": column.capacity]))
    }
  }

  /// The column's label ("Most agree"), or nil when the design gives it none.
  private func label(ofColumn score: Int) -> String? {
    let label = visit.design.columns.first { $0.score == score }?.label ?? ""
    return label.isEmpty ? nil : label
  }

  private func placing(_ stored: StoredFlow, select: Int?, done: [FlowAction]) -> ParticipantPage {
    let flow = stored.flow
    var page = base(
      template: "participant/placing", title: texts("placingHeading"), revision: stored.revision, step: .flow(.placing))
    let unplaced = flow.presortOrder.filter { flow.placements[$0] == nil }
    var lastPlaced: (statement: Int, score: Int)?
    for case .place(let statement, let score?) in done { lastPlaced = (statement, score) }
    let selected =
      select.flatMap { design.statements.contains($0) ? $0 : nil }
      ?? Self.nextToPlace(flow, after: lastPlaced?.statement)
    let piles = flow.piles
    let columns = columns(flow.placements, selected: selected)
    page.placing = .init(
      // In the grid's order: disagree on the left, agree on the right.
      piles: [PresortPile.disagree, .neutral, .agree].map { pile in
        let cards = piles[pile].filter { flow.placements[$0] == nil }.map { visit.card($0, selected: selected) }
        return .init(name: pile.rawValue, heading: "\(visit.messages.pile(pile)) (\(cards.count))", cards: cards)
      },
      columns: columns,
      selected: selected.map { visit.card($0, selected: $0, score: flow.placements[$0]) },
      selectedIsPlaced: selected.map { flow.placements[$0] != nil } ?? false,
      statusText: unplaced.isEmpty ? texts("placingAllPlaced") : texts.plural("placingUnplaced", count: unplaced.count))
    // After a placement the focus stays on the column just used (the same key places the next
    // statement there) or the first with room; a statement just selected starts at the first
    // column with room; the step itself starts at its heading.
    let open = columns.filter { !$0.full }
    if let lastPlaced {
      let column = open.first { $0.score == lastPlaced.score } ?? open.first
      page.focus = selected == nil ? "proceed" : column.map { "to-" + $0.id } ?? ""
    } else if select != nil, selected != nil {
      page.focus = open.first.map { "to-" + $0.id } ?? ""
    }
    return page
  }

  /// What the column buttons place when the participant has selected nothing: the next unplaced
  /// statement of the pile `after` came from (in presort order, as the pile shows them), else
  /// the first of the agree pile, then the disagree pile, then the neutral one: the ends first,
  /// as a grid is usually filled.
  static func nextToPlace(_ flow: ParticipantFlow, after: Int?) -> Int? {
    let piles = flow.piles
    let unplaced = { (pile: PresortPile) in piles[pile].filter { flow.placements[$0] == nil } }
    if let after, let pile = flow.presort[after] {
      let order = piles[pile]
      let position = order.firstIndex(of: after) ?? 0
      let rest = order[position...].dropFirst() + order[..<position]
      if let next = rest.first(where: { flow.placements[$0] == nil }) { return next }
    }
    return [PresortPile.agree, .disagree, .neutral].lazy.compactMap { unplaced($0).first }.first
  }

  private func review(_ stored: StoredFlow, select: Int?) -> ParticipantPage {
    let flow = stored.flow
    var page = base(
      template: "participant/review", title: texts("reviewHeading"), revision: stored.revision, step: .flow(.review))
    let selected = select.flatMap { flow.placements[$0] != nil ? $0 : nil }
    page.review = .init(
      columns: columns(flow.placements, selected: selected),
      selected: selected.map { visit.card($0, selected: $0, score: flow.placements[$0]) },
      selectedText: selected.map {
        texts(
          "reviewSelected",
          ["text": visit.statementText($0), "score": visit.messages.score(flow.placements[$0] ?? 0)])
      } ?? "", canGoBack: design.method == .grid,
      proceedLabel: flow.nextStage(design: design) == nil
        ? texts("submit") : texts("reviewConfirm"))
    page.focus = selected.map { "s\($0)" } ?? ""
    return page
  }

  private func comments(_ stored: StoredFlow, refusal: FlowError?) -> ParticipantPage {
    let flow = stored.flow
    var page = base(
      template: "participant/comments", title: texts("commentsHeading"), revision: stored.revision,
      step: .flow(.comments))
    var missing: [Int] = []
    if case .commentsRequired(let statements) = refusal { missing = statements }
    page.comments = .init(
      intro: texts(design.commentsRequired ? "commentsIntroRequired" : "commentsIntro"),
      items: flow.commentStatements(design: design).map { number in
        .init(
          number: number, id: "c\(number)", field: ParticipantForm.commentPrefix + String(number),
          text: visit.statementText(number), columnHeading: visit.columnHeading(flow.placements[number] ?? 0),
          label: texts("commentLabel", ["text": visit.statementText(number)]), value: flow.comments[number] ?? "",
          error: missing.contains(number) ? texts("errorCommentHere") : "")
      }, proceedLabel: proceedLabel(flow))
    page.errors = missing.map { .init(href: "#c\($0)", text: texts("quoted", ["text": visit.statementText($0)])) }
    return page
  }
}

/// The numbered steps a participant sees ("Step 3 of 8").
enum FlowStep: Equatable {
  case welcome, consent
  case flow(FlowStage)

  static func all(_ design: FlowDesign) -> [FlowStep] { [.welcome, .consent] + design.stages.map { .flow($0) } }

  var textKey: String {
    switch self {
    case .welcome: "stageWelcome"
    case .consent: "stageConsent"
    case .flow(.questionsBefore): "stageQuestionsBefore"
    case .flow(.presort): "stagePresort"
    case .flow(.ranking): "stageRanking"
    case .flow(.placing): "stagePlacing"
    case .flow(.review): "stageReview"
    case .flow(.comments): "stageComments"
    case .flow(.questionsAfter): "stageQuestionsAfter"
    case .flow(.submitted): "stageSubmitted"
    }
  }
}
