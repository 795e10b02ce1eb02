import Fluent
import POETQKit
import Vapor

/// `/api/v1/studies`: the caller's studies, a new study, one study's texts, settings and status.
struct APIStudiesController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.studies.registered, use: index)
    routes.post(APIRoute.studies.registered, use: create)
    routes.get(APIRoute.study(.key, .show).registered, use: show)
    routes.patch(APIRoute.study(.key, .show).registered, use: update)
    routes.post(APIRoute.study(.key, .status).registered, use: setStatus)
  }

  /// `GET /studies`: every study the caller is a member of, with their role, by title.
  func index(req: Request) async throws -> [StudyListItemDTO] {
    let memberships = try await StudyMembership.query(on: req.db)
      .filter(\.$user.$id == req.apiUser.requireID())
      .with(\.$study)
      .all()
    return memberships.map {
      StudyListItemDTO(slug: $0.study.slug, title: $0.study.title, status: $0.study.status, role: $0.role)
    }
    .sorted { ($0.title.lowercased(), $0.slug) < ($1.title.lowercased(), $1.slug) }
  }

  /// `POST /studies`: a new draft owned by the caller, blank or from the POETQ template.
  func create(req: Request) async throws -> Response {
    let input = try req.decodeJSON(NewStudyDTO.self)
    let template: StudyTemplate?
    switch input.template ?? "blank" {
    case "blank": template = nil
    case let name:
      guard let known = StudyFactory.templates[name] else {
        let names = (["blank"] + StudyFactory.templates.keys.sorted()).joined(separator: ", ")
        throw Abort(.unprocessableEntity, reason: "template: \"\(name)\" is not a template; choose one of \(names).")
      }
      template = known
    }
    let study = try await StudyFactory.create(title: input.title, template: template, owner: req.apiUser, on: req.db)
    return try await Self.dto(study, role: .owner, on: req.db)
      .created(at: APIRoute.study(study.slug).href, for: req)
  }

  /// `GET /studies/{slug}`.
  func show(req: Request) async throws -> StudyDTO {
    let grant = try await req.apiGrant(atLeast: .viewer)
    let (study, role) = (grant.study, grant.role)
    return try await Self.dto(study, role: role, on: req.db)
  }

  /// `PATCH /studies/{slug}`: texts and settings; fields left out keep their values.
  func update(req: Request) async throws -> StudyDTO {
    let grant = try await req.apiGrant(atLeast: .researcher)
    let (study, role) = (grant.study, grant.role)
    let patch = try req.decodeJSON(StudyPatchDTO.self)
    // Everything checked before anything is saved, then saved together.
    let texts = try patch.applied(to: study)
    let smallestGroup = try patch.smallestGroup()
    let userID = try req.apiUser.requireID()
    try await req.db.transaction { db in
      try await StudyEditor.updateTexts(texts, of: study, by: userID, on: db)
      if let smallestGroup { try await StudyEditor.setSmallestGroup(smallestGroup, of: study, by: userID, on: db) }
    }
    return try await Self.dto(study, role: role, on: req.db)
  }

  /// `POST /studies/{slug}/status`: open (only a complete design), close, or back to draft.
  func setStatus(req: Request) async throws -> StudyDTO {
    let grant = try await req.apiGrant(atLeast: .researcher)
    let (study, role) = (grant.study, grant.role)
    let input = try req.decodeJSON(StudyStatusDTO.self)
    guard let status = Study.Status(rawValue: input.status) else {
      throw Abort(
        .unprocessableEntity, reason: "status: \"\(input.status)\" is not a status; choose draft, open or closed.")
    }
    try await StudyEditor.setStatus(status, of: study, by: req.apiUser.requireID(), on: req.db)
    return try await Self.dto(study, role: role, on: req.db)
  }

  static func dto(_ study: Study, role: StudyMembership.Role, on db: any Database) async throws -> StudyDTO {
    let design = try await StudyDesign.load(study, on: db)
    let lockedReason = try await StudyLock.reason(studyID: study.requireID(), on: db)
    let texts = try await TranslatableTexts.load(study, design: design, on: db)
    let states = try await StudyTranslations.load(studyID: study.requireID(), on: db)
      .states(source: StudyLanguage(tag: study.language) ?? .en, texts: texts)
    return StudyDTO(
      study, role: role, design: design, lockedReason: lockedReason, languages: states.map(LanguageDTO.init))
  }
}
