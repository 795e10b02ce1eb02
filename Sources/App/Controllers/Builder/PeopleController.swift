import Fluent
import Vapor

/// Who works on a study: every member sees the list; owners add an account or invite an address
/// as researcher or viewer (optionally limited to some sites), change roles and remove members.
struct PeopleController: RouteCollection {
  struct MemberForm: Content {
    var email: String?
    var role: String
    var sites: [String]?
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.people(), use: index)
    area.form(.people(), use: add)
    area.form(.people(.update(membership: .key)), use: change)
    area.form(.people(.remove(membership: .key)), use: remove)
    area.form(.people(.cancelInvitation(.key)), use: cancel)
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, draftEmail: String = "") async throws
    -> View
  {
    let model = try await PeoplePage.query(
      studyID: context.studyID, slug: context.study.slug, userID: context.userID, draftEmail: draftEmail, on: req.db)
    return try await req.renderStudyPage(PeoplePage.template, context, section: .people, model, error: error)
  }

  func add(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .owner)
    let form = try req.content.decode(MemberForm.self)
    var added: StudyMembers.Added?
    let email = form.email ?? ""
    return try await performEdit(
      req,
      success: {
        switch added {
        case .member(let name): "\(name) now works on this study."
        case .invited(let link):
          "\(email) has no account yet. Send them this link to join (valid for 14 days): \(link)"
        case nil: "Done."
        }
      }(),
      redirect: context.href(.people()),
      render: { try await render(req, context: context, error: $0, draftEmail: email) },
      edit: {
        added = try await StudyMembers.add(
          email: email, try grant(form), to: context.study, by: context.userID,
          baseURL: req.application.poetqConfig.baseURL, on: req.db)
      })
  }

  func change(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .owner)
    let form = try req.content.decode(MemberForm.self)
    return try await performEdit(
      req, success: "Role and sites saved.", redirect: context.href(.people()),
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyMembers.change(
          membershipID: try membershipID(req), to: try grant(form), in: context.study, by: context.userID, on: req.db)
      })
  }

  func remove(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .owner)
    let id = try membershipID(req)
    let leaving = try await StudyMembership.find(id, on: req.db)?.$user.id == context.userID
    let response = try await performEdit(
      req, success: leaving ? "You no longer work on this study." : "Removed from the study.",
      redirect: leaving ? SiteRoute.studies.href : context.href(.people()),
      render: { try await render(req, context: context, error: $0) },
      edit: { try await StudyMembers.remove(membershipID: id, from: context.study, by: context.userID, on: req.db) })
    return response
  }

  func cancel(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .owner)
    return try await performEdit(
      req, success: "Invitation withdrawn.", redirect: context.href(.people()),
      render: { try await render(req, context: context, error: $0) },
      edit: {
        guard let id = req.parameters.get("invitation", as: UUID.self) else {
          throw Abort(.notFound, reason: "There is no such invitation to this study.")
        }
        try await StudyMembers.cancelInvitation(id, in: context.study, by: context.userID, on: req.db)
      })
  }

  private func membershipID(_ req: Request) throws -> UUID {
    guard let id = req.parameters.get("membership", as: UUID.self) else {
      throw Abort(.notFound, reason: "There is no such member of this study.")
    }
    return id
  }

  private func grant(_ form: MemberForm) throws -> StudyMembers.Grant {
    guard let role = StudyMembership.Role(rawValue: form.role) else {
      throw Abort(.unprocessableEntity, reason: "Role: choose owner, researcher or viewer.")
    }
    let sites = try (form.sites ?? []).filter { !$0.isEmpty }.map { text in
      guard let id = UUID(uuidString: text) else {
        throw Abort(.unprocessableEntity, reason: "Sites: choose sites of this study.")
      }
      return id
    }
    return StudyMembers.Grant(role: role, siteIDs: sites)
  }
}
