import Fluent
import POETQKit
import Vapor

/// One request's view of a participant: who they are, the study as it now reads, and the texts to
/// speak to them in. Loaded from the code in the URL, which is the participant's only credential.
struct ParticipantVisit {
  let participant: Participant
  let participantID: UUID
  let study: Study
  let design: StudyTemplate
  let flowDesign: FlowDesign
  let texts: ParticipantTexts
  let messages: FlowMessages

  /// The participant whose code is the `:code` parameter, or nil when there is none.
  static func load(_ req: Request) async throws -> ParticipantVisit? {
    let code = req.parameters.get("code") ?? ""
    guard ParticipantCode.isWellFormed(code),
      let participant = try await Participant.query(on: req.db).filter(\.$code == code).with(\.$study).first()
    else { return nil }
    let study = participant.study
    let design = try await StudyDesign.load(study, on: req.db)
    let texts = req.application.participantTexts
    return ParticipantVisit(
      participant: participant, participantID: try participant.requireID(), study: study, design: design,
      flowDesign: try FlowDesign(study: study, design: design), texts: texts,
      messages: FlowMessages(
        texts: texts, statements: Dictionary(design.statements.map { ($0.number, $0.text) }) { first, _ in first }))
  }

  var path: String { "/p/\(participant.code)" }

  /// Whether the participant may go on: the study is open, or this is a researcher's preview.
  var studyAccepts: Bool { participant.isPreview || study.status == .open }

  /// Whether a stored flow still fits the study (a preview begun before the design changed may not).
  func fits(_ flow: ParticipantFlow) -> Bool {
    Set(flow.presortOrder) == Set(flowDesign.statements) && flow.presortOrder.count == flowDesign.statements.count
      && (flow.nextInPresort != nil || (try? flow.ranking(design: flowDesign)) != nil)
  }

  func statementText(_ number: Int) -> String { messages.text(number) }

  func card(_ number: Int, selected: Int? = nil, score: Int? = nil) -> ParticipantPage.Card {
    ParticipantPage.Card(
      number: number, id: "s\(number)", text: statementText(number), selected: number == selected,
      place: score.map { texts("placingColumnButtonFree", ["score": SortGrid.label(ofScore: $0)]) } ?? "")
  }

  func columnHeading(_ score: Int) -> String {
    let label = design.columns.first { $0.score == score }?.label ?? ""
    let name = SortGrid.label(ofScore: score)
    return label.isEmpty
      ? texts("placingColumnButtonFree", ["score": name]) : texts("columnHeading", ["score": name, "label": label])
  }

  static func columnID(_ score: Int) -> String { "col-\(score < 0 ? "m" : "p")\(abs(score))" }
}
