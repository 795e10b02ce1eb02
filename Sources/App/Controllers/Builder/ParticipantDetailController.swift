import Fluent
import POETQKit
import Vapor

/// One participant of a study, as the researcher sees them: who and where, the consent, the time
/// of each stage and the sort time, the answers, the comments and the completed grid drawn as the
/// upturned pyramid; and the researcher's "Withdraw this participant".
struct ParticipantDetailController: RouteCollection {
  typealias Person = ParticipantDetailPage.Person
  typealias Moment = ParticipantDetailPage.Moment
  typealias Answer = ParticipantDetailPage.Answer
  typealias Comment = ParticipantDetailPage.Comment
  typealias Column = ParticipantDetailPage.Column
  typealias Card = ParticipantDetailPage.Card

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.participants(.show(.key)), use: show)
    area.form(.participants(.withdraw(.key)), use: withdraw)
    area.form(.participants(.label(.key)), use: label)
    area.form(.participants(.resetDecline(.key)), use: resetDecline)
  }

  /// The researcher's own label for the participant (up to 100 characters; empty removes it).
  func label(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let participant = try await participant(req, context)
    struct Form: Content { var label: String? }
    let path = context.href(.participants(.show(.value(try participant.requireID()))))
    return try await performEdit(
      req, success: "The label is saved.", redirect: path,
      render: { try await render(req, context: context, participant: participant, error: $0) },
      edit: {
        let label = (try req.content.decode(Form.self).label ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard label.count <= 100 else {
          throw Abort(.unprocessableEntity, reason: "Label: at most 100 characters (this one has \(label.count)).")
        }
        participant.label = label.isEmpty ? nil : label
        try await participant.save(on: req.db)
      })
  }

  /// Undoes a participant's decline (they declined by mistake and asked): their link shows the
  /// welcome page again. Nothing was stored when they declined, so nothing is restored.
  func resetDecline(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let participant = try await participant(req, context)
    let path = context.href(.participants(.show(.value(try participant.requireID()))))
    return try await performEdit(
      req, success: "The decline is reset: the participant's link leads to the study again.", redirect: path,
      render: { try await render(req, context: context, participant: participant, error: $0) },
      edit: {
        guard participant.status == .declined else {
          throw Abort(.conflict, reason: "This participant has not declined.")
        }
        participant.status = .opened
        try await participant.save(on: req.db)
        try await StudyEditor.audit(context.study, by: context.userID, "participants.reset-decline", path, on: req.db)
      })
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try await render(req, context: context, participant: try await participant(req, context))
  }

  /// The researcher withdraws the participant: everything they gave is deleted (see
  /// ``ParticipantWithdrawal``). Needs the confirm box ticked.
  func withdraw(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let participant = try await participant(req, context)
    struct Form: Content { var confirm: String? }
    let path = context.href(.participants(.show(.value(try participant.requireID()))))
    return try await performEdit(
      req, success: "The participant is withdrawn; everything they gave was deleted.", redirect: path,
      render: { try await render(req, context: context, participant: participant, error: $0) },
      edit: {
        guard try req.content.decode(Form.self).confirm == "yes" else {
          throw Abort(.unprocessableEntity, reason: "Tick the box to confirm the withdrawal; nothing was deleted.")
        }
        guard participant.status != .withdrawn else {
          throw Abort(.conflict, reason: "This participant has already withdrawn.")
        }
        try await ParticipantWithdrawal.withdraw(participant, by: .researcher(context.userID), on: req.db)
      })
  }

  /// The participant named by `:id`, provided they belong to the study (else 404).
  private func participant(_ req: Request, _ context: StudyContext) async throws -> Participant {
    guard let id = req.parameters.get("id", as: UUID.self),
      let participant = try await Participant.query(on: req.db).filter(\.$id == id)
        .filter(\.$study.$id == context.studyID).with(\.$site).first(),
      context.grant.sees(site: participant.$site.id)
    else { throw Abort(.notFound, reason: "There is no such participant in this study.") }
    return participant
  }

  private func render(_ req: Request, context: StudyContext, participant: Participant, error: String? = nil)
    async throws -> View
  {
    let design = try await StudyDesign.load(context.study, on: req.db)
    let response = try await SortResponse.query(on: req.db).filter(\.$participant.$id == participant.requireID())
      .first()
    let sort = try response.map {
      try StudySorts.completedSort(participant, $0, studyLanguage: context.study.language)
    }
    let times =
      try response.map { try ResponseStore.value([String: Date].self, $0.stageTimestamps, field: "stage_timestamps") }
      ?? [:]
    let texts = Dictionary(design.statements.map { ($0.number, $0.text) }) { first, _ in first }
    let scores = sort?.scores ?? [:]
    let base = req.application.poetqConfig.baseURL
    let person = Person(
      code: context.seesCodes ? participant.code : nil,
      link: context.seesCodes ? ParticipantRoster.link(code: participant.code, baseURL: base) : nil,
      site: participant.site.name,
      language: MonitorData.languageName(
        StudySorts.language(of: participant.language, study: context.study.language)),
      name: participant.name ?? "", email: participant.email ?? "",
      status: Self.statusNames[participant.status] ?? participant.status.rawValue, preview: participant.isPreview,
      sortID: participant.sortID ?? "",
      consent: response?.consentedAt.map { "\(Self.time($0)), consent form version \(response?.consentVersion ?? 0)" }
        ?? "",
      sortTime: sort?.sortMinutes.map { "\(Int($0.rounded())) min" } ?? "", label: participant.label ?? "",
      declined: participant.status == .declined)
    let order =
      ["consented", "questions_before", "presort", "ranking", "placing", "review", ParticipantFlow.gridConfirmedKey]
      + ["comments", "questions_after", "submitted"]
    let moments = times.sorted {
      ($0.value, order.firstIndex(of: $0.key) ?? 99) < ($1.value, order.firstIndex(of: $1.key) ?? 99)
    }
    .map { Moment(stage: Self.momentNames[$0.key] ?? $0.key, time: Self.time($0.value)) }
    let answers = design.questions.compactMap { question -> Answer? in
      guard let given = sort?.answers[question.key], !given.isEmpty else { return nil }
      return Answer(prompt: question.prompt, answer: given.joined(separator: "; "))
    }
    let comments = (sort?.comments ?? [:]).sorted { $0.key < $1.key }.map {
      Comment(
        number: $0.key, text: texts[$0.key] ?? "", score: scores[$0.key].map { SortGrid.label(ofScore: $0) } ?? "",
        comment: $0.value)
    }
    let columns =
      participant.status == .completed
      ? design.columns.sorted { $0.score < $1.score }.map { column in
        Column(
          id: "col-\(column.score < 0 ? "m" : "p")\(abs(column.score))",
          heading: SortGrid.label(ofScore: column.score) + (column.label.isEmpty ? "" : " \(column.label)"),
          cards: scores.filter { $0.value == column.score }.keys.sorted().map {
            Card(number: $0, text: texts[$0] ?? "")
          })
      } : []
    let content = ParticipantDetailPage.Model(
      person: person, moments: moments, answers: answers, comments: comments, columns: columns,
      canWithdraw: context.role >= .researcher && participant.status != .withdrawn,
      canEdit: context.role >= .researcher, id: try participant.requireID(), slug: context.study.slug)
    return try await req.renderStudyPage(
      ParticipantDetailPage.template, context, section: .participants, title: "Participant", content, error: error)
  }

  static let statusNames: [Participant.Status: String] = [
    .invited: "Invited", .opened: "Opened the link", .consented: "Consented", .inProgress: "In progress",
    .completed: "Completed", .declined: "Declined", .withdrawn: "Withdrawn",
  ]

  static let momentNames: [String: String] = [
    "consented": "Consented", "questions_before": "Questions before", "presort": "Presort started",
    "ranking": "Ranking started", "placing": "Placing started", "review": "Review started",
    ParticipantFlow.gridConfirmedKey: "Grid confirmed", "comments": "Comments started",
    "questions_after": "Questions after", "submitted": "Submitted",
  ]

  static func time(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_GB")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "d MMM yyyy, HH:mm 'UTC'"
    return formatter.string(from: date)
  }
}
