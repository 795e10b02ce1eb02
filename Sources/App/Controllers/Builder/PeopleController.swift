import Fluent
import Vapor

/// Who works on a study: every member sees the list; owners add an account or invite an address
/// as researcher or viewer (optionally limited to some sites), change roles and remove members.
struct PeopleController: RouteCollection {
  struct PageContent: Encodable {
    var members: [MemberRow]
    var invitations: [InvitationRow]
    var sites: [SiteOption]
    var roles: [RoleOption]
    var draftEmail: String
  }

  struct MemberRow: Encodable {
    var id: String
    var name: String
    var email: String
    var role: String
    var sites: String
    var isSelf: Bool
    var roles: [RoleOption]
    var siteChoices: [SiteOption]
  }

  struct InvitationRow: Encodable {
    var id: String
    var email: String
    var role: String
    var sites: String
    var expires: String
  }

  struct SiteOption: Encodable {
    var id: String
    var name: String
    var checked: Bool
  }

  struct RoleOption: Encodable {
    var value: String
    var name: String
    var selected: Bool
  }

  struct MemberForm: Content {
    var email: String?
    var role: String
    var sites: [String]?
  }

  static let roleNames: [StudyMembership.Role: String] = [
    .owner: "Owner (everything, including sharing)", .researcher: "Researcher (edit, invite, analyse)",
    .viewer: "Viewer (read only, never sees participants' links)",
  ]

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes, "studies", ":slug", "people")
    area.pages.get(use: index)
    area.forms.post(use: add)
    area.forms.post(":membership", use: change)
    area.forms.post(":membership", "remove", use: remove)
    area.forms.post("invitations", ":invitation", "cancel", use: cancel)
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, draftEmail: String = "") async throws
    -> View
  {
    let sites = try await Site.query(on: req.db).filter(\.$study.$id == context.studyID).sort(\.$position).all()
    func siteNames(_ ids: [UUID]) -> String {
      ids.isEmpty ? "All sites" : sites.filter { $0.id.map(ids.contains) ?? false }.map(\.name).joined(separator: ", ")
    }
    func roles(_ selected: StudyMembership.Role) -> [RoleOption] {
      StudyMembership.Role.allCases.map {
        RoleOption(value: $0.rawValue, name: Self.roleNames[$0] ?? $0.rawValue, selected: $0 == selected)
      }
    }
    let members = try await StudyMembers.members(of: context.studyID, on: req.db)
    let invitations = try await StudyMembers.pendingInvitations(of: context.studyID, on: req.db)
    let content = PageContent(
      members: members.map { member in
        MemberRow(
          id: member.membershipID.uuidString, name: member.name, email: member.email, role: member.role.rawValue,
          sites: siteNames(member.siteIDs), isSelf: member.userID == context.userID, roles: roles(member.role),
          siteChoices: sites.map {
            SiteOption(
              id: $0.id?.uuidString ?? "", name: $0.name, checked: $0.id.map(member.siteIDs.contains) ?? false)
          })
      },
      invitations: invitations.map {
        InvitationRow(
          id: $0.id?.uuidString ?? "", email: $0.email, role: $0.role.rawValue, sites: siteNames($0.sites),
          expires: ParticipantsController.time($0.expiresAt))
      },
      sites: sites.map { SiteOption(id: $0.id?.uuidString ?? "", name: $0.name, checked: false) },
      roles: roles(.researcher), draftEmail: draftEmail)
    return try await req.renderStudyPage("builder/people", context, section: .people, content, error: error)
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
      redirect: "\(context.path)/people",
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
      req, success: "Role and sites saved.", redirect: "\(context.path)/people",
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
      redirect: leaving ? SiteRoute.studies.href : "\(context.path)/people",
      render: { try await render(req, context: context, error: $0) },
      edit: { try await StudyMembers.remove(membershipID: id, from: context.study, by: context.userID, on: req.db) })
    return response
  }

  func cancel(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .owner)
    return try await performEdit(
      req, success: "Invitation withdrawn.", redirect: "\(context.path)/people",
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
