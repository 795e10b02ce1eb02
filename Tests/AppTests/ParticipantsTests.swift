import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The Participants tab: importing a list (all or nothing, every bad line named), anonymous codes,
/// the links CSV, the message texts, and who may do what.
@Suite("Participants")
struct ParticipantsTests {
  static func participants(_ app: Application, _ study: Study) async throws -> [Participant] {
    try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID()).filter(\.$isPreview == false)
      .sort(\.$createdAt).all()
  }

  @Test("a good list adds every participant with a code, the site matched case-insensitively, names in UTF-8")
  func importGoodList() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      let list = """
        email,name,site
        zoe@example.org,Zoë Ångström,Site A
        sam@example.org,,site b
        "lee@example.org","Lee, Jo",SITE B
        """
      let response = try await browser.post("/studies/poetq/participants/import", ["list": list])
      #expect(response.status == .seeOther)
      let page = try await browser.get("/studies/poetq/participants").body.string
      #expect(page.contains("3 participants added, each with a code and link."))
      let added = try await Self.participants(app, study)
      #expect(added.count == 3)
      let byEmail = Dictionary(uniqueKeysWithValues: added.map { ($0.email ?? "", $0) })
      #expect(byEmail["zoe@example.org"]?.name == "Zoë Ångström")
      #expect(byEmail["sam@example.org"]?.name == nil)
      #expect(byEmail["lee@example.org"]?.name == "Lee, Jo")
      let sites = try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).all()
      let siteB = try #require(sites.first { $0.name == "Site B" })
      #expect(byEmail["lee@example.org"]?.$site.id == siteB.id)
      #expect(Set(added.map(\.code)).count == 3 && added.allSatisfy { ParticipantCode.isWellFormed($0.code) })
      #expect(added.allSatisfy { $0.status == .invited && $0.invitedAt == nil })
      for participant in added {
        #expect(page.contains("http://127.0.0.1:8080/p/\(participant.code)"), "the page shows each personal link")
        #expect(page.contains("/studies/poetq/participants/\(try participant.requireID().uuidString)"))
      }
      #expect(page.contains("Zoë Ångström"))
      let audit = try #require(
        try await AuditEvent.query(on: app.db).filter(\.$action == "participants.import").first())
      #expect(audit.detail == "3 participant(s) from a list", "the audit log has the count, no addresses")
    }
  }

  @Test("a list longer than one insert batch keeps its order on the page and in the links CSV")
  func importKeepsOrder() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      // Addresses whose order is neither alphabetical nor that of random codes.
      let emails = (1...(2 * ParticipantRoster.batchSize + 50)).map { "p\(($0 * 7_919) % 1_000)-\($0)@example.org" }
      let list = "email,name,site\n" + emails.map { "\($0),,Site \(["A", "B"][$0.count % 2])" }.joined(separator: "\n")
      #expect(try await browser.post("/studies/poetq/participants/import", ["list": list]).status == .seeOther)
      #expect(try await Self.participants(app, study).count == emails.count)
      for site in ["A", "B"] {
        let listed = emails.filter { "Site \(["A", "B"][$0.count % 2])" == "Site \(site)" }
        let siteID = try #require(
          try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).filter(\.$name == "Site \(site)")
            .first()?.requireID())
        let csv = try await browser.get("/studies/poetq/participants/links.csv?site=\(siteID.uuidString)").body.string
        let inCSV = csv.split(separator: "\n").dropFirst().map {
          String($0.split(separator: ",", omittingEmptySubsequences: false)[2])
        }
        let firstDifference = zip(inCSV, listed).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(
          inCSV.count == listed.count && firstDifference == nil,
          "site \(site): \(inCSV.count) of \(listed.count) rows; first out of order: \(String(describing: firstDifference))"
        )
      }
    }
  }

  @Test("a list with bad lines imports nothing and names every bad line and field")
  func importBadList() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      #expect(
        try await browser.post(
          "/studies/poetq/participants/import", ["list": "email,site\nkim@example.org,Site A"]
        ).status == .seeOther)
      let list = """
        email,name,site
        ok@example.org,Fine,Site A
        bob@,Bob,Site A
        sue@example.org,Sue,Site Q
        ok@example.org,Again,Site B
        KIM@example.org,Kim,Site C
        ,Nobody,
        """
      let response = try await browser.post("/studies/poetq/participants/import", ["list": list])
      #expect(response.status == .unprocessableEntity)
      let page = response.body.string
      let sites = "(sites: Site A, Site B, Site C, Site D, Site E)"
      for problem in [
        "Line 3, email: “bob@” is not an e-mail address.",
        "Line 4, site: no site called “Site Q” \(sites).",
        "Line 5, email: ok@example.org is also on line 2.",
        "Line 6, email: KIM@example.org is already a participant of this study.",
        "Line 7, email: missing.",
        "Line 7, site: missing \(sites).",
      ] {
        #expect(page.contains("<li>\(problem)</li>"), "names: \(problem)")
      }
      #expect(page.contains("Nothing imported: 6 problems in the list, listed below."))
      #expect(!page.contains("Line 2,"), "the good line is not blamed")
      #expect(page.contains("sue@example.org,Sue,Site Q"), "the list is kept to correct")
      #expect(try await Self.participants(app, study).count == 1, "nothing imported")

      let noHeader = try await browser.post(
        "/studies/poetq/participants/import", ["list": "ann@example.org,Ann,Site A"])
      #expect(noHeader.status == .unprocessableEntity)
      #expect(noHeader.body.string.contains("Line 1, header: the list needs the columns email and site"))
      #expect(try await Self.participants(app, study).count == 1)
    }
  }

  @Test("a CSV file uploaded as multipart form data is imported")
  func importUpload() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      try await browser.get("/studies/poetq/participants")
      let boundary = "poetq-boundary"
      let csv = "site;email;name\r\nSite E;una@example.org;Una\r\n"
      let body = [
        "--\(boundary)", "Content-Disposition: form-data; name=\"csrf\"", "", browser.csrf ?? "",
        "--\(boundary)", "Content-Disposition: form-data; name=\"list\"", "", "",
        "--\(boundary)", "Content-Disposition: form-data; name=\"file\"; filename=\"people.csv\"",
        "Content-Type: text/csv", "", csv, "--\(boundary)--", "",
      ].joined(separator: "\r\n")
      var headers = HTTPHeaders()
      headers.add(name: .cookie, value: browser.cookie ?? "")
      headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
      try await app.testing().test(
        .POST, "/studies/poetq/participants/import", headers: headers, body: ByteBuffer(string: body)
      ) { response in
        #expect(response.status == .seeOther)
      }
      let added = try await Self.participants(app, study)
      #expect(added.map(\.email) == ["una@example.org"])
      #expect(added.first?.name == "Una")
    }
  }

  @Test("the list shows 500 participants a page, with links to the pages before and after that keep the site")
  func pages() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      let sites = try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).sort(\.$position).all()
      let (siteA, siteB) = (try sites[0].requireID().uuidString, try sites[1].requireID().uuidString)
      for (site, count) in [(siteA, "1000"), (siteA, "200"), (siteB, "3")] {
        let made = try await browser.post("/studies/poetq/participants/generate", ["site": site, "count": count])
        #expect(made.status == .seeOther)
      }
      // Each row links to its participant's page.
      func rows(_ page: String) -> Int {
        page.matches(of: /href="\/studies\/poetq\/participants\/[0-9A-F-]{36}"/).count
      }
      let first = try await browser.get("/studies/poetq/participants").body.string
      #expect(first.contains("1203 participant(s)."), "the count covers every page")
      #expect(first.contains("Showing 1–500 of 1,203 (page 1 of 3)."))
      #expect(first.contains("href=\"/studies/poetq/participants?page=2\" rel=\"next\""))
      #expect(!first.contains("rel=\"prev\""))
      // Above the table too, so the keyboard reaches it without passing 500 rows' links.
      let table = try #require(first.range(of: "<table class=\"participants\""))
      #expect(first.range(of: "rel=\"next\"").map { $0.lowerBound < table.lowerBound } == true)
      #expect(first.components(separatedBy: "rel=\"next\"").count - 1 == 2, "above and below")
      #expect(rows(first) == 500)

      let atA = try await browser.get("/studies/poetq/participants?site=\(siteA)&page=3").body.string
      #expect(atA.contains("Showing 1,001–1,200 of 1,200 (page 3 of 3)."))
      #expect(atA.contains("href=\"/studies/poetq/participants?site=\(siteA)&amp;page=2\" rel=\"prev\""))
      #expect(!atA.contains("rel=\"next\""))
      #expect(rows(atA) == 200)

      let beyond = try await browser.get("/studies/poetq/participants?page=99").body.string
      #expect(beyond.contains("(page 3 of 3)"), "a page past the end shows the last")
      let atB = try await browser.get("/studies/poetq/participants?site=\(siteB)").body.string
      #expect(!atB.contains("Showing"), "one page needs no pager")
      #expect(rows(atB) == 3)
    }
  }

  @Test("anonymous codes: N per site, from 1 to 1000")
  func generateCodes() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      let site = try #require(
        try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).filter(\.$name == "Site C").first())
      let made = try await browser.post(
        "/studies/poetq/participants/generate", ["site": try site.requireID().uuidString, "count": "7"])
      #expect(made.status == .seeOther)
      #expect(try await browser.get("/studies/poetq/participants").body.string.contains("7 codes added."))
      let added = try await Self.participants(app, study)
      #expect(added.count == 7)
      #expect(added.allSatisfy { $0.$site.id == site.id && $0.email == nil && $0.name == nil })
      #expect(Set(added.map(\.code)).count == 7)
      for count in ["0", "1001", "many"] {
        let refused = try await browser.post(
          "/studies/poetq/participants/generate", ["site": try site.requireID().uuidString, "count": count])
        #expect(refused.status == .unprocessableEntity)
        #expect(refused.body.string.contains("Number of codes: give a whole number from 1 to 1000."))
      }
      let elsewhere = try await browser.post(
        "/studies/poetq/participants/generate", ["site": UUID().uuidString, "count": "2"])
      #expect(elsewhere.status == .notFound)
      #expect(try await Self.participants(app, study).count == 7)
      let audit = try #require(
        try await AuditEvent.query(on: app.db).filter(\.$action == "participants.generate").first())
      #expect(audit.detail == "7 code(s) at Site C")
    }
  }

  @Test("the links CSV has site,name,email,code,link,status,language and neutralises formulas")
  func linksCSV() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      let list = """
        email,name,site
        eve@example.org,"=HYPERLINK(""http://evil.example"",""click"")",Site B
        ann@example.org,Ann,Site A
        """
      #expect(try await browser.post("/studies/poetq/participants/import", ["list": list]).status == .seeOther)
      let response = try await browser.get("/studies/poetq/participants/links.csv")
      #expect(response.status == .ok)
      #expect(response.headers.contentType?.subType == "csv")
      #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"poetq-links.csv\"")
      let added = try await Self.participants(app, study)
      let ann = try #require(added.first { $0.email == "ann@example.org" })
      let eve = try #require(added.first { $0.email == "eve@example.org" })
      // Codes are random; fix them so the test sees both kinds: a code may start with "-", which a
      // spreadsheet would run as a formula, so that cell is neutralised too (the link stays exact).
      ann.code = "AnnCode0123456789abcde"
      eve.code = "-EveCode0123456789abcd"
      try await ann.save(on: app.db)
      try await eve.save(on: app.db)
      let lines = try await browser.get("/studies/poetq/participants/links.csv").body.string
        .components(separatedBy: "\n")
      #expect(
        lines == [
          "site,name,email,code,link,status,language",
          "Site A,Ann,ann@example.org,AnnCode0123456789abcde,http://127.0.0.1:8080/p/AnnCode0123456789abcde,invited,",
          "Site B,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",eve@example.org,'-EveCode0123456789abcd,"
            + "http://127.0.0.1:8080/p/-EveCode0123456789abcd,invited,",
          "",
        ])
      let siteA = try #require(ann.$site.id as UUID?)
      let filtered = try await browser.get("/studies/poetq/participants/links.csv?site=\(siteA.uuidString)")
      #expect(filtered.body.string.components(separatedBy: "\n").count == 3, "header, Ann, end")
    }
  }

  @Test("a viewer sees the list without links and cannot change anything; an outsider gets 404")
  func authorisation() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await StudyEditingTests.templateStudy(app)
      #expect(
        try await owner.post(
          "/studies/poetq/participants/import", ["list": "email,site\nkim@example.org,Site A"]
        ).status == .seeOther)
      let kim = try #require(try await Self.participants(app, study).first)
      var viewer = try await StudyBuilderTests.signedIn(app, email: "vic@example.org", name: "Vic")
      let vic = try #require(try await User.query(on: app.db).filter(\.$email == "vic@example.org").first())
      try await StudyMembership(studyID: study.requireID(), userID: vic.requireID(), role: .viewer).save(on: app.db)
      let page = try await viewer.get("/studies/poetq/participants")
      #expect(page.status == .ok)
      #expect(page.body.string.contains("kim@example.org"))
      #expect(!page.body.string.contains(kim.code), "a viewer never sees a participant's link")
      #expect(!page.body.string.contains("Import a participant list"))
      #expect(try await viewer.get("/studies/poetq/participants/links.csv").status == .forbidden)
      let site = try #require(kim.$site.id as UUID?)
      let posts: [(String, [String: String])] = [
        ("import", ["list": "email,site\nmal@example.org,Site A"]),
        ("generate", ["site": site.uuidString, "count": "3"]),
        (
          "templates",
          [
            "invitation_subject": "x", "invitation_body": "{{link}}", "reminder_subject": "y",
            "reminder_body": "{{link}}",
          ]
        ),
        ("send-invitations", [:]), ("send-reminders", [:]), ("retry", [:]),
      ]
      for (path, fields) in posts {
        #expect(try await viewer.post("/studies/poetq/participants/\(path)", fields).status == .forbidden, "\(path)")
      }
      var stranger = try await StudyBuilderTests.signedIn(app, email: "eve@example.org", name: "Eve")
      #expect(try await stranger.get("/studies/poetq/participants").status == .notFound)
      #expect(try await stranger.get("/studies/poetq/participants/links.csv").status == .notFound)
      for (path, fields) in posts {
        #expect(try await stranger.post("/studies/poetq/participants/\(path)", fields).status == .notFound, "\(path)")
      }
      #expect(try await owner.post("/studies/poetq/participants/import", [:], includeCSRF: false).status == .forbidden)
      #expect(try await Self.participants(app, study).count == 1, "no one added anyone")
      #expect(try await MailTemplate.query(on: app.db).count() == 0)
    }
  }

  @Test("the message texts: defaults, saved edits, and refusals naming the field")
  func templates() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      let page = try await browser.get("/studies/poetq/participants").body.string
      #expect(page.contains("Invitation to take part: {{study}}"), "the default subject")
      #expect(page.contains("Mail is off"), "no relay configured: the page says so")
      var fields = [
        "invitation_subject": "Bitte: {{study}}", "invitation_body": "Hallo {{name}}, {{link}} ({{site}})",
        "reminder_subject": "Erinnerung", "reminder_body": "{{ link }} — {{contact}}",
      ]
      #expect(try await browser.post("/studies/poetq/participants/templates", fields).status == .seeOther)
      let stored = try await MailTemplateText.load(.invitation, studyID: study.requireID(), on: app.db)
      #expect(stored.subject == "Bitte: {{study}}" && stored.body == "Hallo {{name}}, {{link}} ({{site}})")

      fields["reminder_body"] = "Come back soon."
      let noLink = try await browser.post("/studies/poetq/participants/templates", fields)
      #expect(noLink.status == .unprocessableEntity)
      #expect(noLink.body.string.contains("Reminder body: put {{link}} in it"))
      #expect(noLink.body.string.contains("Come back soon."), "the text is kept to correct")
      fields["reminder_body"] = "{{link}}"
      fields["invitation_subject"] = "Hi {{firstname}}"
      let unknown = try await browser.post("/studies/poetq/participants/templates", fields)
      #expect(unknown.status == .unprocessableEntity)
      #expect(unknown.body.string.contains("Invitation subject: there is no placeholder {{firstname}}"))
      let reminder = try await MailTemplateText.load(.reminder, studyID: study.requireID(), on: app.db)
      #expect(reminder.body == "{{ link }} — {{contact}}", "a refused save changes nothing")

      let sending = try await browser.post("/studies/poetq/participants/send-invitations", [:])
      #expect(sending.status == .conflict)
      #expect(sending.body.string.contains("Mail is off: no SMTP relay is configured"))
    }
  }
}
