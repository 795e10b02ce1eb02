import Fluent
import POETQKit
import Vapor

/// The demo: the POETQ template study, open, with a synthetic dataset shaped like the report's
/// (``DemoDataset``), so a newcomer sees monitoring and analysis with data at once. Its title and
/// description say that the data are synthetic.
enum DemoStudy {
  static let title = "POETQ demo (synthetic data)"
  /// When the synthetic sorts begin: the report's fieldwork ran in the spring.
  static let fieldworkStart = Date(timeIntervalSince1970: 1_330_678_800)  // 2012-03-02 09:00 UTC

  struct Summary {
    var study: Study
    var completed: Int
    var participants: Int
  }

  /// Creates the demo study owned by `owner`, all or nothing.
  static func create(owner: User, seed: UInt64 = 2012, on db: any Database) async throws -> Summary {
    let template = StudyTemplate.poetqJointCommissioning
    let dataset = try DemoDataset(template: template, seed: seed, start: fieldworkStart)
    return try await db.transaction { db in
      let study = try await StudyFactory.create(title: title, template: template, owner: owner, on: db)
      study.description =
        "Synthetic data made by poetq demo (seed \(seed)): \(dataset.respondents.count) sorts shaped like the "
        + "report's five sites and five viewpoints. None of these responses is real."
      study.informationSheet =
        "This is a demonstration study. We ask staff and partners in joint commissioning how they see it: "
        + "you sort 40 statements from most disagree to most agree, which takes about half an hour."
      study.consentText = "I agree to take part in this demonstration and know that I can withdraw at any time."
      study.contactDetails = "The POETQ demo team, demo@example.org"
      study.status = .open
      try await study.save(on: db)
      let studyID = try study.requireID()
      let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
        .map { try $0.requireID() }
      for respondent in dataset.respondents {
        let participant = try await add(studyID, sites[respondent.site], status: .completed, on: db)
        try await store(respondent.flow, of: participant, on: db)
      }
      for straggler in dataset.stragglers {
        let status: Participant.Status =
          switch straggler.state {
          case .invited: .invited
          case .opened: .opened
          case .declined: .declined
          case .inProgress: .inProgress
          }
        let participant = try await add(studyID, sites[straggler.site], status: status, on: db)
        if let flow = straggler.flow { try await store(flow, of: participant, on: db) }
      }
      try await AuditEvent(
        studyID: studyID, userID: try owner.requireID(), action: "study.demo",
        detail: "synthetic dataset, seed \(seed): \(dataset.respondents.count) completed sorts"
      ).save(on: db)
      return Summary(
        study: study, completed: dataset.respondents.count,
        participants: dataset.respondents.count + dataset.stragglers.count)
    }
  }

  private static func add(_ studyID: UUID, _ siteID: UUID, status: Participant.Status, on db: any Database)
    async throws -> Participant
  {
    let participant = Participant(studyID: studyID, siteID: siteID, code: ParticipantCode.make())
    participant.status = status
    participant.invitedAt = fieldworkStart
    try await participant.save(on: db)
    return participant
  }

  private static func store(_ flow: ParticipantFlow, of participant: Participant, on db: any Database) async throws {
    let consented = flow.timestamps["consented"] ?? fieldworkStart
    try await ResponseStore.create(
      participantID: try participant.requireID(), flow: flow, consentVersion: 1, at: consented, on: db)
  }
}

extension Application {
  /// Creates the demo study for `poetq demo`, owned by the account with `ownerEmail`, or by the
  /// first administrator when nil.
  /// - Returns: the study's address on this server, and how many sorts and participants it holds.
  public func createDemoStudy(ownerEmail: String?, seed: UInt64) async throws -> (
    url: String, completed: Int, participants: Int
  ) {
    let owner: User?
    if let ownerEmail {
      owner = try await User.query(on: db).filter(\.$email == ownerEmail.lowercased()).first()
      guard owner != nil else { throw Refusal.notFound("There is no account with the e-mail \(ownerEmail).") }
    } else {
      owner = try await User.query(on: db).filter(\.$isAdmin == true).sort(\.$createdAt).first()
    }
    guard let owner else {
      throw Refusal.conflict(
        "There is no account yet: create one first (the first-run setup in the browser, or poetq user add).")
    }
    let summary = try await DemoStudy.create(owner: owner, seed: seed, on: db)
    return (SiteRoute.study(summary.study.slug).url(base: poetqConfig.baseURL), summary.completed, summary.participants)
  }
}
