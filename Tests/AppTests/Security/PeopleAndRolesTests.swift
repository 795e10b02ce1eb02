import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Co-researchers, roles and site limits, on the demo study (93 completed sorts at sites A–E).
@Suite("People, roles and site limits")
struct PeopleAndRolesTests {
  static let slug = "poetq-demo-synthetic-data"

  /// The owner with the demo study, and the accounts of a viewer and a site lead (not yet members).
  static func demo(_ app: Application) async throws -> TestBrowser {
    var owner = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
    #expect(try await owner.post("/studies/demo", [:]).status == .seeOther)
    for (email, name) in [("bo@example.org", "Bo"), ("cy@example.org", "Cy")] {
      try await User(
        email: email, name: name, passwordHash: Bcrypt.hash("correct horse battery", cost: 4), isAdmin: false
      ).save(on: app.db)
    }
    try await owner.get("/studies/\(slug)/people")
    return owner
  }

  static func signIn(_ app: Application, _ email: String) async throws -> TestBrowser {
    var browser = TestBrowser(app)
    try await browser.get("/login")
    #expect(
      try await browser.post("/login", ["email": email, "password": "correct horse battery"]).status == .seeOther)
    try await browser.get("/studies")
    return browser
  }

  static func siteID(_ app: Application, _ name: String) async throws -> UUID {
    let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
    return try #require(
      try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).filter(\.$name == name).first()?.id)
  }

  @Test("a viewer sees no personal code or link anywhere and cannot withdraw; researchers and owners do see them")
  func viewerSeesNoCodes() async throws {
    try await withPOETQ { app in
      var owner = try await Self.demo(app)
      let added = try await owner.post("/studies/\(Self.slug)/people", ["email": "bo@example.org", "role": "viewer"])
      #expect(added.status == .seeOther)
      let participant = try #require(
        try await Participant.query(on: app.db).filter(\.$status == .completed).first())
      let detailPath = "/studies/\(Self.slug)/participants/\(try participant.requireID())"

      let ownerDetail = try await owner.get(detailPath).body.string
      #expect(ownerDetail.contains("/p/\(participant.code)"), "the owner sees the personal link")

      var viewer = try await Self.signIn(app, "bo@example.org")
      let list = try await viewer.get("/studies/\(Self.slug)/participants")
      #expect(list.status == .ok)
      #expect(!list.body.string.contains("/p/"), "no link in the viewer's list")
      let detail = try await viewer.get(detailPath)
      #expect(detail.status == .ok)
      #expect(!detail.body.string.contains(participant.code), "no code on the viewer's participant page")
      #expect(!detail.body.string.contains("/p/"))
      #expect(try await viewer.get("/studies/\(Self.slug)/participants/links.csv").status == .forbidden)
      #expect(try await viewer.get("/studies/\(Self.slug)/data/export/csv").status == .forbidden)
      let withdraw = try await viewer.post(detailPath + "/withdraw", ["confirm": "yes"])
      #expect(withdraw.status == .forbidden)
      #expect(try await Participant.find(participant.id, on: app.db)?.status == .completed, "nothing withdrawn")
    }
  }

  @Test("a researcher limited to Site A sees only Site A's participants, monitor rows, data and links")
  func siteLead() async throws {
    try await withPOETQ { app in
      var owner = try await Self.demo(app)
      let siteA = try await Self.siteID(app, "Site A")
      let added = try await owner.post(
        "/studies/\(Self.slug)/people",
        pairs: [("email", "cy@example.org"), ("role", "researcher"), ("sites[]", siteA.uuidString)])
      #expect(added.status == .seeOther)
      let people = try await owner.get("/studies/\(Self.slug)/people").body.string
      #expect(people.contains("cy@example.org"))

      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      let all = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
        .filter(\.$isPreview == false).all()
      let atA = all.filter { $0.$site.id == siteA }
      let elsewhere = try #require(all.first { $0.$site.id != siteA })
      #expect(!atA.isEmpty)

      var lead = try await Self.signIn(app, "cy@example.org")
      let list = try await lead.get("/studies/\(Self.slug)/participants").body.string
      #expect(list.contains("your sites: Site A"))
      for participant in all {
        #expect(
          list.contains(participant.code) == (participant.$site.id == siteA),
          "the list shows exactly Site A's participants (\(participant.code))")
      }
      let csv = try await lead.get("/studies/\(Self.slug)/participants/links.csv").body.string
      #expect(csv.split(separator: "\n").count == atA.count + 1, "the links CSV holds Site A's participants only")
      #expect(
        try await lead.get("/studies/\(Self.slug)/participants/\(try elsewhere.requireID())").status == .notFound)

      let monitor = try await lead.get("/studies/\(Self.slug)/monitor").body.string
      #expect(monitor.contains(">Site A<"))
      for other in ["Site B", "Site C", "Site D", "Site E"] {
        #expect(!monitor.contains(">\(other)<"), "no \(other) row on the lead's monitor")
      }
      let completedAtA = atA.filter { $0.status == .completed }.count
      let export = try await lead.get("/studies/\(Self.slug)/data/export/csv")
      #expect(export.status == .ok)
      let rows = export.body.string.split(separator: "\n").dropFirst()
      #expect(rows.count == completedAtA, "the export holds Site A's \(completedAtA) sorts only")
      #expect(rows.allSatisfy { $0.contains("Site A") })
      let data = try await lead.get("/studies/\(Self.slug)/data").body.string
      #expect(!data.contains(">Site B<"), "the import offers only the lead's sites")

      // The site of a limit cannot be removed while the limit stands.
      let removeSite = try await owner.post("/studies/\(Self.slug)/sites/\(siteA)/delete", [:])
      #expect(removeSite.status != .seeOther)
    }
  }

  @Test("owners add, change and remove people; the last owner cannot leave; a join link makes an account")
  func managePeople() async throws {
    try await withPOETQ { app in
      var owner = try await Self.demo(app)
      let base = "/studies/\(Self.slug)/people"
      #expect(try await owner.post(base, ["email": "bo@example.org", "role": "researcher"]).status == .seeOther)
      let refused = try await owner.post(base, ["email": "bo@example.org", "role": "viewer"])
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("already works on this study"))

      let memberships = try await StudyMembership.query(on: app.db).with(\.$user).all()
      let bo = try #require(memberships.first { $0.user.email == "bo@example.org" })
      let ada = try #require(memberships.first { $0.user.email == "ada@example.org" })
      try await owner.get(base)
      #expect(try await owner.post("\(base)/\(try bo.requireID())", ["role": "viewer"]).status == .seeOther)
      #expect(try await StudyMembership.find(bo.id, on: app.db)?.role == .viewer)

      try await owner.get(base)
      let lastOwner = try await owner.post("\(base)/\(try ada.requireID())/remove", [:])
      #expect(lastOwner.status == .unprocessableEntity)
      #expect(lastOwner.body.string.contains("the study needs an owner"))
      let demote = try await owner.post("\(base)/\(try ada.requireID())", ["role": "viewer"])
      #expect(demote.status == .unprocessableEntity)

      // A researcher cannot manage people.
      var researcherBo = try await Self.signIn(app, "bo@example.org")
      try await researcherBo.get("/studies/\(Self.slug)/people")
      #expect(try await researcherBo.post(base, ["email": "x@example.org", "role": "owner"]).status == .forbidden)

      // Someone without an account gets a join link.
      try await owner.get(base)
      let invited = try await owner.post(base, ["email": "new@example.org", "role": "researcher"])
      #expect(invited.status == .seeOther)
      let flash = try await owner.get(base).body.string
      let link = try #require(flash.range(of: #"/join/[A-Za-z0-9_-]{43}"#, options: .regularExpression))
      let joinPath = String(flash[link])
      var newcomer = TestBrowser(app)
      let joinPage = try await newcomer.get(joinPath)
      #expect(joinPage.status == .ok)
      #expect(joinPage.body.string.contains("new@example.org"))
      let joined = try await newcomer.post(joinPath, ["name": "Newton", "password": "a long enough password"])
      #expect(joined.status == .seeOther)
      #expect(try await newcomer.get("/studies/\(Self.slug)").status == .ok, "the new account is a member")
      #expect(try await newcomer.get(joinPath).status == .notFound, "a join link works once")
      let events = try await AuditEvent.query(on: app.db).all().map(\.action)
      for action in ["people.add", "people.change", "people.invite", "people.join"] {
        #expect(events.contains(action), "\(action) is in the audit log")
      }

      // The same from the shell.
      let shared = try await app.shareStudy(slug: Self.slug, email: "cy@example.org", role: "viewer", sites: ["site b"])
      #expect(shared.contains("Cy"))
      let lines = try await app.studyMembers(slug: Self.slug)
      #expect(lines.contains { $0.email == "cy@example.org" && $0.role == "viewer" && $0.sites == ["Site B"] })
      try await app.unshareStudy(slug: Self.slug, email: "cy@example.org")
      #expect(try await app.studyMembers(slug: Self.slug).allSatisfy { $0.email != "cy@example.org" })
      await #expect(throws: (any Error).self) {
        try await app.unshareStudy(slug: Self.slug, email: "ada@example.org")
      }
    }
  }
}
