import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Study builder")
struct StudyBuilderTests {
  /// Signs in a new researcher and returns the browser.
  static func signedIn(_ app: Application, email: String, name: String) async throws -> TestBrowser {
    // Cost 4: the login verifies at the hash's own cost, and dozens of suites sign in at once on two cores.
    try await User(
      email: email, name: name, passwordHash: Bcrypt.hash("correct horse battery", cost: 4), isAdmin: false
    )
    .save(on: app.db)
    var browser = TestBrowser(app)
    try await browser.get("/login")
    let response = try await browser.post("/login", ["email": email, "password": "correct horse battery"])
    #expect(response.status == .seeOther)
    try await browser.get("/studies")
    return browser
  }

  @Test("a study from the POETQ template has its 40 statements, the 2,3,4,6,10,6,4,3,2 grid, questions and sites A–E")
  func fromTemplate() async throws {
    try await withPOETQ { app in
      var browser = try await Self.signedIn(app, email: "ada@example.org", name: "Ada")
      let created = try await browser.post("/studies", ["title": "Joint commissioning 2026", "template": "poetq"])
      #expect(created.status == .seeOther)
      #expect(created.headers.first(name: .location) == "/studies/joint-commissioning-2026")
      let study = try #require(try await Study.query(on: app.db).first())
      let studyID = try study.requireID()
      #expect(try await StudyStatement.query(on: app.db).filter(\.$study.$id == studyID).count() == 40)
      let columns = try await DistributionColumn.query(on: app.db).filter(\.$study.$id == studyID).sort(\.$score).all()
      #expect(columns.map(\.capacity) == [2, 3, 4, 6, 10, 6, 4, 3, 2])
      #expect(columns.map(\.score) == Array(-4...4))
      let sites = try await Site.query(on: app.db).filter(\.$study.$id == studyID).sort(\.$position).all()
      #expect(sites.map(\.name) == ["Site A", "Site B", "Site C", "Site D", "Site E"])
      #expect(
        try await Question.query(on: app.db).filter(\.$study.$id == studyID).filter(\.$phase == .before).count() >= 5)
      let membership = try #require(try await StudyMembership.query(on: app.db).first())
      #expect(membership.role == .owner)

      let page = try await browser.get("/studies/joint-commissioning-2026")
      #expect(page.status == .ok)
      let html = page.body.string
      #expect(html.contains("Q-set: 40 statements"))
      #expect(html.contains("The grid holds 40 statements, one for each statement."))
      #expect(html.contains("Partnership"))
    }
  }

  @Test("a blank study, an empty title refused with the field named, and nothing half-saved")
  func blankAndRefused() async throws {
    try await withPOETQ { app in
      var browser = try await Self.signedIn(app, email: "ada@example.org", name: "Ada")
      let refused = try await browser.post("/studies", ["title": "   ", "template": "poetq"])
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("Title: please give the study a title."))
      #expect(refused.body.string.contains(#"name="title""#), "the studies page again with its form, not an error page")
      #expect(try await Study.query(on: app.db).count() == 0)
      #expect(try await StudyStatement.query(on: app.db).count() == 0)

      let blank = try await browser.post("/studies", ["title": "Pilot", "template": "blank"])
      #expect(blank.status == .seeOther)
      #expect(try await StudyStatement.query(on: app.db).count() == 0)
      let twin = try await browser.post("/studies", ["title": "Pilot", "template": "blank"])
      #expect(twin.headers.first(name: .location) == "/studies/pilot-2", "slugs stay unique")
    }
  }

  @Test("another researcher cannot see a study that is not shared with them")
  func authorisation() async throws {
    try await withPOETQ { app in
      var owner = try await Self.signedIn(app, email: "ada@example.org", name: "Ada")
      try await owner.post("/studies", ["title": "Private", "template": "blank"])
      var stranger = try await Self.signedIn(app, email: "eve@example.org", name: "Eve")
      #expect(try await stranger.get("/studies/private").status == .notFound)
      #expect(try await owner.get("/studies/private").status == .ok)
      var anonymous = TestBrowser(app)
      #expect(try await anonymous.get("/studies/private").status == .seeOther)
    }
  }
}
