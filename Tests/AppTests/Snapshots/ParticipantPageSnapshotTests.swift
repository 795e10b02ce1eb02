import Foundation
import POETQKit
import Testing

@testable import App

/// The participant's pages rendered from a visit made in memory (the POETQ template on an open
/// study, no database), each stage of the flow reached through the flow's own actions, so the
/// snapshot shows what `ParticipantPages` builds for that stage.
@Suite("Participant page snapshots")
struct ParticipantPageSnapshotTests {
  static let consentedAt = Date(timeIntervalSinceReferenceDate: 780_000_000)

  /// A participant of an open stepwise study on the POETQ template; `questions` false leaves the
  /// template's questions out so the flow starts at the presort.
  static func visit(questions: Bool = true, status: Participant.Status = .invited) throws -> ParticipantVisit {
    var design = StudyTemplate.poetqJointCommissioning
    if !questions { design.questions = [] }
    let study = Study(slug: "mock-study", title: "Partnership in practice")
    study.id = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))
    study.status = .open
    study.description = "How partners work together."
    study.informationSheet = "Taking part takes about 20 minutes."
    study.consentText = "I agree to take part."
    study.thankYouText = "Thank you for your sort."
    study.contactDetails = "ada@example.org"
    let siteID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2))
    let participant = Participant(studyID: try study.requireID(), siteID: siteID, code: "MOCKCODE2345")
    participant.id = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3))
    participant.status = status
    let texts = try ParticipantTexts.load(
      language: "en", resourcesDirectory: packageRoot.appendingPathComponent("Resources").path + "/")
    return ParticipantVisit(
      participant: participant, participantID: try participant.requireID(), study: study,
      wording: StudyWording(study: study), design: design,
      flowDesign: try FlowDesign(study: study, design: design), texts: texts,
      messages: FlowMessages(
        texts: texts,
        statements: Dictionary(design.statements.map { ($0.number, $0.text) }) { first, _ in first }),
      stored: nil)
  }

  /// The stored flow after `actions` from consent.
  static func stored(_ visit: ParticipantVisit, _ actions: (ParticipantFlow) throws -> [FlowAction]) throws
    -> StoredFlow
  {
    var flow = ParticipantFlow(
      design: visit.flowDesign, presortOrder: visit.flowDesign.statements, at: consentedAt)
    var revision = 1
    // Bounded, so an action that stops advancing the flow fails the test instead of hanging it.
    for _ in 0..<1_000 {
      let next = try actions(flow)
      if next.isEmpty { break }
      for action in next {
        flow = try flow.applying(action, design: visit.flowDesign, at: consentedAt.addingTimeInterval(Double(revision)))
        revision += 1
      }
    }
    return StoredFlow(responseID: visit.participantID, revision: revision, flow: flow, lastAction: nil)
  }

  static func html(_ page: ParticipantPage) async throws -> String {
    try await PageSnapshot.html(page.template, Rendered(page: page))
  }

  /// The page as the context it is rendered with (a value made once, read by one render).
  struct Rendered: Encodable, @unchecked Sendable {
    let page: ParticipantPage
    func encode(to encoder: any Encoder) throws { try page.encode(to: encoder) }
  }

  @Test("before the flow: welcome, consent, declining asked again, declined, withdrawn")
  func beforeTheFlow() async throws {
    let pages = ParticipantPages(visit: try Self.visit(), baseURL: "https://poetq.example")
    assertPageSnapshot(try await Self.html(pages.welcome()), named: "welcome")
    assertPageSnapshot(try await Self.html(pages.consent()), named: "consent")
    assertPageSnapshot(try await Self.html(pages.consent(confirmDecline: true)), named: "consentConfirmDecline")
    assertPageSnapshot(try await Self.html(pages.declined()), named: "declined")
    assertPageSnapshot(try await Self.html(ParticipantWithdrawalController.withdrawn(pages)), named: "withdrawn")
    assertPageSnapshot(try await Self.html(pages.thanks()), named: "thanks")
  }

  @Test("in Arabic: right to left, the switcher naming each language in itself, the current one marked")
  func arabicWelcome() async throws {
    var visit = try Self.visit()
    visit.language = .ar
    visit.offered = [.en, .ar]
    let pages = ParticipantPages(visit: visit, baseURL: "https://poetq.example")
    assertPageSnapshot(try await Self.html(pages.welcome()), named: "welcome")
  }

  @Test("the questions before the sort")
  func questions() async throws {
    let visit = try Self.visit(status: .consented)
    let stored = try Self.stored(visit) { _ in [] }
    #expect(stored.flow.stage == .questionsBefore)
    assertPageSnapshot(try await Self.html(ParticipantPages(visit: visit, baseURL: "").flow(stored)))
  }

  @Test("the sort, stage by stage: presort, ranking, review")
  func sorting() async throws {
    let visit = try Self.visit(questions: false, status: .inProgress)
    let pages = ParticipantPages(visit: visit, baseURL: "")
    let presort = try Self.stored(visit) { _ in [] }
    #expect(presort.flow.stage == .presort)
    assertPageSnapshot(try await Self.html(pages.flow(presort)), named: "presort")
    // Thirds of the Q-set to agree, neutral and disagree, in the order the presort shows them.
    let piles: [PresortPile] = [.agree, .neutral, .disagree]
    let ranking = try Self.stored(visit) { flow in
      if let next = flow.nextInPresort { return [.presort(statement: next, pile: piles[next % 3])] }
      return flow.stage == .presort ? [.proceed] : []
    }
    #expect(ranking.flow.stage == .ranking)
    assertPageSnapshot(try await Self.html(pages.flow(ranking)), named: "ranking")
    let review = try Self.stored(visit) { flow in
      if let next = flow.nextInPresort { return [.presort(statement: next, pile: piles[next % 3])] }
      if flow.stage == .presort { return [.proceed] }
      guard flow.stage == .ranking else { return [] }
      guard case .choose(_, let count, let candidates, _) = try flow.ranking(design: visit.flowDesign).nextStep
      else { return [.proceed] }
      return [.choose(Array(candidates.prefix(count)))]
    }
    #expect(review.flow.stage == .review)
    assertPageSnapshot(try await Self.html(pages.flow(review)), named: "review")
  }
}
