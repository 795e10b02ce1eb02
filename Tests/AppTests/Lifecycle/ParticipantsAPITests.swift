import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `GET …/participants` and `POST …/participants/{id}/withdraw`: no personal data, roles and site
/// limits as on the pages.
@Suite("Participants API")
struct ParticipantsAPITests {
  static let slug = PeopleAndRolesTests.slug

  /// A member with `role`, limited to `sites` when given, and a client with their token.
  static func member(
    _ app: Application, _ email: String, role: StudyMembership.Role, sites: [String] = []
  ) async throws -> APIClient {
    let (user, client) = try await APIClient.researcher(app, email: email)
    let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
    let membership = StudyMembership(studyID: try study.requireID(), userID: try user.requireID(), role: role)
    try await membership.save(on: app.db)
    for site in sites {
      try await MembershipSite(
        membershipID: membership.requireID(), siteID: try await PeopleAndRolesTests.siteID(app, site)
      ).save(on: app.db)
    }
    return client
  }

  struct Page: Decodable {
    struct Item: Decodable {
      var id: UUID
      var sortID: String?
      var status: String
      var site: String
    }
    var items: [Item]
    var page: Int
    var per: Int
    var total: Int
  }

  @Test("the list pages and filters by site, status and sort id, with no name, e-mail or code for anyone")
  func list() async throws {
    try await withPOETQ { app in
      _ = try await PeopleAndRolesTests.demo(app)
      let owner = try await Self.member(app, "own@example.org", role: .owner)
      let viewer = try await Self.member(app, "view@example.org", role: .viewer)
      let base = "/api/v1/studies/\(Self.slug)/participants"
      let completed = try await owner.get("\(base)?status=completed&per=500")
      #expect(completed.status == .ok, "\(completed.body.string)")
      let page = try completed.content.decode(Page.self)
      #expect(page.total == 93 && page.items.count == 93 && page.items.allSatisfy { $0.status == "completed" })
      let one = try #require(page.items.first { $0.site == "Site D" })
      let found = try await owner.get("\(base)?sort=\(try #require(one.sortID))").content.decode(Page.self)
      #expect(found.items.map(\.id) == [one.id] && found.items.first?.site == "Site D")
      let siteA = try await owner.get("\(base)?site=Site%20A&status=completed").content.decode(Page.self)
      #expect(siteA.total == 10 && siteA.items.allSatisfy { $0.site == "Site A" })
      let paged = try await owner.get("\(base)?status=completed&per=40&page=3").content.decode(Page.self)
      #expect(paged.items.count == 13 && paged.page == 3)

      let seen = try await viewer.get("\(base)?per=500")
      #expect(seen.status == .ok)
      for key in ["\"name\"", "\"email\"", "\"code\"", "\"label\""] { #expect(!seen.body.string.contains(key)) }

      for (query, field) in [
        ("status=gone", "status"), ("per=501", "per"), ("page=0", "page"), ("site=Nowhere", "site"),
      ] {
        let refused = try await owner.get("\(base)?\(query)")
        #expect(refused.status == .badRequest, "\(query)")
        #expect(refused.body.string.contains("\(field):"), "\(query) names \(field)")
      }
    }
  }

  @Test(
    "withdraw: researcher or owner, audited, as the page; a viewer is refused; a site-limited member reaches only their sites"
  )
  func withdraw() async throws {
    try await withPOETQ { app in
      _ = try await PeopleAndRolesTests.demo(app)
      let viewer = try await Self.member(app, "view@example.org", role: .viewer)
      let lead = try await Self.member(app, "lead@example.org", role: .researcher, sites: ["Site B"])
      let base = "/api/v1/studies/\(Self.slug)/participants"
      let listed = try await lead.get("\(base)?per=500").content.decode(Page.self)
      #expect(!listed.items.isEmpty && listed.items.allSatisfy { $0.site == "Site B" }, "only their site")
      #expect(try await lead.get("\(base)?site=Site%20A").status == .badRequest)

      let participants = try await Participant.query(on: app.db).filter(\.$status == .completed).with(\.$site).all()
      let inA = try #require(participants.first { $0.site.name == "Site A" })
      let inB = try #require(participants.first { $0.site.name == "Site B" })
      #expect(try await viewer.post("\(base)/\(try inB.requireID())/withdraw", "").status == .forbidden)
      #expect(try await lead.post("\(base)/\(try inA.requireID())/withdraw", "").status == .notFound)
      #expect(try await Participant.find(inA.requireID(), on: app.db)?.status == .completed, "nothing changed")

      let done = try await lead.post("\(base)/\(try inB.requireID())/withdraw", "")
      #expect(done.status == .ok, "\(done.body.string)")
      #expect(done.body.string.contains("\"status\":\"withdrawn\""))
      let stored = try #require(try await Participant.find(inB.requireID(), on: app.db))
      #expect(stored.status == .withdrawn && stored.name == nil && stored.email == nil)
      #expect(try await SortResponse.query(on: app.db).filter(\.$participant.$id == inB.requireID()).count() == 0)
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "participant.withdrawn").count() == 1)
      #expect(try await lead.post("\(base)/\(try inB.requireID())/withdraw", "").status == .conflict)
    }
  }

  @Test("the Participants tab finds a participant by sort id, name or e-mail, and by code for researchers only")
  func findOnThePage() async throws {
    try await withPOETQ { app in
      var owner = try await PeopleAndRolesTests.demo(app)
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      try await StudySorts.assignSortIDs(studyID: study.requireID(), on: app.db)
      let participant = try #require(
        try await Participant.query(on: app.db).filter(\.$status == .completed).filter(\.$sortID != nil).first())
      let sortID = try #require(participant.sortID)
      let id = try participant.requireID().uuidString
      let path = "/studies/\(Self.slug)/participants"
      let bySort = try await owner.get("\(path)?find=\(sortID.lowercased())").body.string
      #expect(bySort.contains("\(path)/\(id)"))
      #expect(bySort.matches(of: /<tr><td>/).count == 1, "only that participant")
      let invited = try #require(
        try await Participant.query(on: app.db).filter(\.$status == .invited).filter(\.$isPreview == false).first())
      let byCode = try await owner.get("\(path)?find=\(invited.code)").body.string
      #expect(byCode.contains("\(path)/\(try invited.requireID())"))
      let nobody = try await owner.get("\(path)?find=zz-nobody-zz").body.string
      #expect(nobody.contains("Nobody matches"))
    }
  }
}
