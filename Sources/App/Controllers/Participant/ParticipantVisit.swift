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

  /// The response as this request read it with the participant (nil before consent).
  let stored: StoredFlow?

  /// The participant whose code is the `:code` parameter, or nil when there is none.
  ///
  /// One statement reads the participant, their response and their study's design version
  /// (``ParticipantVisitRead``); the design comes from this instance's cache while that version is
  /// in force (``StudyDesignCache``).
  ///
  /// - Throws: 429 when the client's address has tried too many unknown codes (``UnknownCodeLimit``).
  static func load(_ req: Request) async throws -> ParticipantVisit? {
    let code = req.parameters.get("code") ?? ""
    guard ParticipantCode.isWellFormed(code),
      let read = try await ParticipantVisitRead.read(code: code, address: req.clientAddress, on: req.db)
    else { return nil }
    if read.unknownCodeTries >= RateLimiter.unknownCodes.limit {
      throw Abort(.tooManyRequests, reason: UnknownCodeLimit.refusal)
    }
    let participant = read.participant
    let texts = req.application.participantTexts
    let cached = try await req.application.studyDesignCache.design(
      studyID: participant.$study.id, version: read.designVersion, texts: texts, on: req.db)
    return ParticipantVisit(
      participant: participant, participantID: try participant.requireID(), study: cached.study,
      design: cached.design, flowDesign: cached.flowDesign, texts: texts, messages: cached.messages,
      stored: read.stored)
  }

  var path: String { href(.flow) }

  /// The address of one of this participant's pages.
  func href(_ route: ParticipantRoute) -> String { SiteRoute.participant(participant.code, route).href }

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
