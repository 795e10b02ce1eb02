import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The builder pages, driven as a browser would: every change is checked, refused changes name the
/// field and leave the database as it was.
@Suite("Study editing")
struct StudyEditingTests {
  /// A signed-in owner with the POETQ template study at /studies/poetq.
  static func templateStudy(_ app: Application) async throws -> (TestBrowser, Study) {
    var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
    try await browser.post("/studies", ["title": "POETQ", "template": "poetq"])
    let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "poetq").first())
    return (browser, study)
  }

  static func statements(_ app: Application, _ study: Study) async throws -> [StudyStatement] {
    try await StudyStatement.query(on: app.db).filter(\.$study.$id == study.requireID()).sort(\.$position).all()
  }

  @Test("statements: add, refuse an empty text or a duplicate number, edit, reorder, delete, renumber")
  func statements() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await Self.templateStudy(app)
      #expect(try await browser.get("/studies/poetq/statements").body.string.contains("Q-set: 40 statements"))

      let added = try await browser.post(
        "/studies/poetq/statements", ["text": "Pooled budgets help", "codes": "Productivity"])
      #expect(added.status == .seeOther)
      var all = try await Self.statements(app, study)
      #expect(all.count == 41)
      #expect(all.last?.number == 41)
      #expect(all.last?.codeList == ["Productivity"])

      let empty = try await browser.post("/studies/poetq/statements", ["text": "   ", "number": "42"])
      #expect(empty.status == .unprocessableEntity)
      #expect(empty.body.string.contains("Text: a statement needs some text."))
      let duplicate = try await browser.post("/studies/poetq/statements", ["text": "Again", "number": "7"])
      #expect(duplicate.status == .unprocessableEntity)
      #expect(duplicate.body.string.contains("Number: statement number 7 is used twice"))
      #expect(duplicate.body.string.contains("Again"), "the typed text comes back")
      #expect(try await Self.statements(app, study).count == 41, "nothing saved")

      let first = try #require(all.first?.id)
      let edited = try await browser.post(
        "/studies/poetq/statements/\(first)", ["number": "1", "text": "Edited text", "codes": "People; People: choice"])
      #expect(edited.status == .seeOther)
      let clash = try await browser.post("/studies/poetq/statements/\(first)", ["number": "2", "text": "Clash"])
      #expect(clash.status == .unprocessableEntity)
      all = try await Self.statements(app, study)
      #expect(all[0].text == "Edited text", "the refused edit left the saved one")
      #expect(all[0].codeList == ["People", "People: choice"])

      try await browser.post("/studies/poetq/statements/\(first)/down", [:])
      all = try await Self.statements(app, study)
      #expect(all.map(\.number).prefix(3) == [2, 1, 3])
      try await browser.post("/studies/poetq/statements/\(first)/delete", [:])
      all = try await Self.statements(app, study)
      #expect(all.count == 40)
      #expect(!all.contains { $0.id == first })
      try await browser.post("/studies/poetq/statements/renumber", [:])
      #expect(try await Self.statements(app, study).map(\.number) == Array(1...40))
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "statement.renumber").count() == 1)
    }
  }

  @Test("a pasted list is added or replaces the Q-set; a bad line is named and nothing is imported")
  func bulkImport() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await Self.templateStudy(app)
      let bad = try await browser.post(
        "/studies/poetq/statements/import", ["list": "One | People\nTwo\n  3) ", "mode": "append"])
      #expect(bad.status == .unprocessableEntity)
      #expect(bad.body.string.contains("Line 3, Text: a statement needs some text."))
      #expect(try await Self.statements(app, study).count == 40)

      let appended = try await browser.post(
        "/studies/poetq/statements/import", ["list": "One | People\nTwo", "mode": "append"])
      #expect(appended.status == .seeOther)
      var all = try await Self.statements(app, study)
      #expect(all.suffix(2).map(\.number) == [41, 42])
      #expect(all.suffix(2).map(\.text) == ["One", "Two"])
      #expect(try await browser.get("/studies/poetq/statements").body.string.contains("2 statements added."))

      let csv = "number,text,codes\n1,\"Budgets, pooled\",Productivity\n2,Trust,Partnership\n3,Choice,People\n"
      let replaced = try await browser.post("/studies/poetq/statements/import", ["list": csv, "mode": "replace"])
      #expect(replaced.status == .seeOther)
      all = try await Self.statements(app, study)
      #expect(all.map(\.text) == ["Budgets, pooled", "Trust", "Choice"])
      #expect(all.map(\.codes) == ["Productivity", "Partnership", "People"])
    }
  }

  @Test("the grid: capacities that do not add up are refused with the numbers; a quasi-normal suggestion is not saved")
  func grid() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await Self.templateStudy(app)
      let studyID = try study.requireID()
      func save(_ capacities: [Int], from min: Int, kind: String = "forced") async throws -> TestingHTTPResponse {
        var pairs: [(String, String)] = [("kind", kind)]
        for (index, capacity) in capacities.enumerated() {
          pairs += [("score[]", String(min + index)), ("capacity[]", String(capacity)), ("label[]", "")]
        }
        return try await browser.post("/studies/poetq/grid", pairs: pairs)
      }
      let refused = try await save([2, 3, 4, 6, 11, 6, 4, 3, 2], from: -4)
      #expect(refused.status == .unprocessableEntity)
      #expect(
        refused.body.string.contains("Capacities: the columns hold 41 statements but the Q-set has 40; remove 1."))
      #expect(refused.body.string.contains("value=\"11\""), "the typed capacities come back")
      var columns = try await DistributionColumn.query(on: app.db).filter(\.$study.$id == studyID).sort(\.$score).all()
      #expect(columns.map(\.capacity) == [2, 3, 4, 6, 10, 6, 4, 3, 2], "unchanged")

      let suggestion = try await browser.get("/studies/poetq/grid?min=-5&max=5")
      #expect(suggestion.status == .ok)
      #expect(suggestion.body.string.contains("Not saved yet"))
      #expect(suggestion.body.string.contains("The columns hold 40 statements; the Q-set has 40."))
      #expect(try await DistributionColumn.query(on: app.db).filter(\.$study.$id == studyID).count() == 9)

      #expect(try await save([3, 4, 6, 14, 6, 4, 3], from: -3).status == .seeOther)
      columns = try await DistributionColumn.query(on: app.db).filter(\.$study.$id == studyID).sort(\.$score).all()
      #expect(columns.map(\.score) == Array(-3...3))
      let reloaded = try #require(try await Study.find(studyID, on: app.db))
      #expect((reloaded.minScore, reloaded.maxScore) == (-3, 3))
      #expect(reloaded.commentScores == "-3,3", "the \"why?\" columns follow the ends of the grid")

      #expect(try await save([1, 1, 1], from: -1, kind: "free").status == .seeOther, "a free grid need not add up")
      #expect(try await Study.find(studyID, on: app.db)?.distributionKind == .free)
      let typo = try await browser.post(
        "/studies/poetq/grid", pairs: [("kind", "forced"), ("score[]", "0"), ("capacity[]", "x"), ("label[]", "")])
      #expect(typo.body.string.contains("Capacity of 0: &quot;x&quot; is not a number of statements."))
    }
  }

  @Test("questions: options required for choice kinds, then add, edit, move and delete")
  func questions() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await Self.templateStudy(app)
      let studyID = try study.requireID()
      let before = try await Question.query(on: app.db).filter(\.$study.$id == studyID).count()
      let refused = try await browser.post(
        "/studies/poetq/questions",
        ["prompt": "Which team?", "kind": "single_choice", "phase": "after", "options": "A"])
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("Options: a single choice question needs at least two options"))
      #expect(try await Question.query(on: app.db).filter(\.$study.$id == studyID).count() == before)

      let added = try await browser.post(
        "/studies/poetq/questions",
        ["prompt": "Which team?", "kind": "single_choice", "phase": "after", "options": "A\nB", "required": "on"])
      #expect(added.status == .seeOther)
      let question = try #require(
        try await Question.query(on: app.db).filter(\.$study.$id == studyID).filter(\.$key == "which_team").first())
      #expect(question.phase == .after)
      #expect(question.optionList == ["A", "B"])
      #expect(question.required)

      let id = try question.requireID()
      try await browser.post(
        "/studies/poetq/questions/\(id)",
        ["prompt": "How many years?", "kind": "number", "phase": "after", "key": "years", "options": "ignored"])
      let edited = try #require(try await Question.find(id, on: app.db))
      #expect((edited.key, edited.kind, edited.options, edited.required) == ("years", .number, "", false))

      try await browser.post("/studies/poetq/questions/\(id)/up", [:])
      let after = try await Question.query(on: app.db).filter(\.$study.$id == studyID).filter(\.$phase == .after)
        .sort(\.$position).all()
      #expect(after.first?.id == id)
      try await browser.post("/studies/poetq/questions/\(id)/delete", [:])
      #expect(try await Question.find(id, on: app.db) == nil)
    }
  }

  @Test("texts: a changed consent text gets a new version; a comment column outside the grid is refused")
  func texts() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await Self.templateStudy(app)
      let studyID = try study.requireID()
      var form = [
        "title": "POETQ", "description": "Welcome", "informationSheet": "About the study", "consentText": "I agree v1",
        "instruction": "Sort them", "disagreeLabel": "Disagree", "agreeLabel": "Agree", "thankYouText": "Thanks",
        "contactDetails": "ada@example.org", "sortMode": "grid", "commentScores": "-4, +4", "commentsRequired": "on",
      ]
      #expect(try await browser.post("/studies/poetq/texts", form).status == .seeOther)
      var saved = try #require(try await Study.find(studyID, on: app.db))
      #expect(saved.consentVersion == 1, "writing the first consent text is version 1")
      #expect((saved.sortMode, saved.commentsRequired, saved.openAccess) == (.grid, true, false))
      form["consentText"] = "I agree v2"
      try await browser.post("/studies/poetq/texts", form)
      saved = try #require(try await Study.find(studyID, on: app.db))
      #expect(saved.consentVersion == 2)

      form["commentScores"] = "-5"
      form["consentText"] = "I agree v3"
      let refused = try await browser.post("/studies/poetq/texts", form)
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("Comment columns: &quot;-5&quot; is not a score of the grid (-4…+4)."))
      saved = try #require(try await Study.find(studyID, on: app.db))
      #expect((saved.consentText, saved.consentVersion) == ("I agree v2", 2), "nothing half-saved")
    }
  }

  @Test("sites: add, refuse a duplicate name, rename, and keep a site that has participants")
  func sites() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await Self.templateStudy(app)
      let studyID = try study.requireID()
      let duplicate = try await browser.post("/studies/poetq/sites", ["name": "site a"])
      #expect(duplicate.status == .unprocessableEntity)
      #expect(duplicate.body.string.contains("Site name: the study already has a site called"))
      #expect(try await browser.post("/studies/poetq/sites", ["name": "Site F"]).status == .seeOther)
      let sites = try await Site.query(on: app.db).filter(\.$study.$id == studyID).sort(\.$position).all()
      #expect(sites.map(\.name).last == "Site F")
      let siteA = try sites[0].requireID()
      try await browser.post("/studies/poetq/sites/\(siteA)", ["name": "Northtown"])
      #expect(try await Site.find(siteA, on: app.db)?.name == "Northtown")

      try await Participant(studyID: studyID, siteID: siteA, code: "code-a").save(on: app.db)
      let kept = try await browser.post("/studies/poetq/sites/\(siteA)/delete", [:])
      #expect(kept.status == .conflict)
      #expect(kept.body.string.contains("Northtown has 1 participant, so it cannot be removed."))
      #expect(try await Site.find(siteA, on: app.db) != nil)
      let siteF = try sites.last!.requireID()
      try await Participant(studyID: studyID, siteID: siteF, code: "preview-f", isPreview: true).save(on: app.db)
      let removed = try await browser.post("/studies/poetq/sites/\(siteF)/delete", [:])
      #expect(removed.status == .seeOther, "a preview run does not pin a site")
      #expect(try await Site.query(on: app.db).filter(\.$study.$id == studyID).count() == 5)
    }
  }

  @Test("opening needs a complete design; then close; a real response locks the Q-set and grid; copy is the way out")
  func lifecycleAndLock() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await Self.templateStudy(app)
      let studyID = try study.requireID()
      let early = try await browser.post("/studies/poetq/status", ["status": "open"])
      #expect(early.status == .unprocessableEntity)
      #expect(early.body.string.contains("Texts: write the consent text participants agree to."))
      #expect(try await Study.find(studyID, on: app.db)?.status == .draft)

      study.consentText = "I agree"
      study.informationSheet = "About"
      try await study.save(on: app.db)
      #expect(try await browser.post("/studies/poetq/status", ["status": "open"]).status == .seeOther)
      #expect(try await Study.find(studyID, on: app.db)?.status == .open)
      let whileOpen = try await browser.post("/studies/poetq/statements", ["text": "Changed my mind"])
      #expect(whileOpen.status == .conflict, "an open study's Q-set is fixed")
      #expect(whileOpen.body.string.contains("return it to draft on the overview"))
      #expect(try await browser.get("/studies/poetq").body.string.contains("Return to draft"))
      #expect(try await browser.post("/studies/poetq/status", ["status": "draft"]).status == .seeOther)
      #expect(try await browser.post("/studies/poetq/status", ["status": "open"]).status == .seeOther)

      let site = try #require(try await Site.query(on: app.db).filter(\.$study.$id == studyID).first())
      let participant = Participant(studyID: studyID, siteID: try site.requireID(), code: "real-participant")
      try await participant.save(on: app.db)
      try await SortResponse(participantID: try participant.requireID(), stage: "presort").save(on: app.db)

      let page = try await browser.get("/studies/poetq/statements").body.string
      #expect(page.contains("The Q-set and grid are locked because 1 participant has started sorting"))
      #expect(!page.contains("Add a statement"))
      let locked = try await browser.post("/studies/poetq/statements", ["text": "Late addition"])
      #expect(locked.status == .conflict)
      let first = try #require(try await Self.statements(app, study).first?.id)
      #expect(try await browser.post("/studies/poetq/statements/\(first)/delete", [:]).status == .conflict)
      var pairs: [(String, String)] = [("kind", "free")]
      for score in -4...4 { pairs += [("score[]", "\(score)"), ("capacity[]", "5"), ("label[]", "")] }
      #expect(try await browser.post("/studies/poetq/grid", pairs: pairs).status == .conflict)
      #expect(try await Self.statements(app, study).count == 40)
      #expect(try await browser.post("/studies/poetq/status", ["status": "draft"]).status == .conflict)
      #expect(!(try await browser.get("/studies/poetq").body.string.contains("Return to draft")))

      #expect(try await browser.post("/studies/poetq/status", ["status": "closed"]).status == .seeOther)
      let copied = try await browser.post("/studies/poetq/copy", ["title": "POETQ second round"])
      #expect(copied.headers.first(name: .location) == "/studies/poetq-second-round")
      let copy = try #require(try await Study.query(on: app.db).filter(\.$slug == "poetq-second-round").first())
      #expect(copy.status == .draft)
      #expect((copy.consentText, copy.informationSheet) == ("I agree", "About"))
      #expect(try await Self.statements(app, copy).count == 40)
      #expect(try await Participant.query(on: app.db).filter(\.$study.$id == copy.requireID()).count() == 0)
      #expect(try await browser.post("/studies/poetq-second-round/statements", ["text": "New"]).status == .seeOther)
    }
  }

  @Test("a viewer sees every page but cannot change anything; the preview shows the texts and stores nothing")
  func viewerAndPreview() async throws {
    try await withPOETQ { app in
      var (_, study) = try await Self.templateStudy(app)
      var viewer = try await StudyBuilderTests.signedIn(app, email: "vic@example.org", name: "Vic")
      let vic = try #require(try await User.query(on: app.db).filter(\.$email == "vic@example.org").first())
      try await StudyMembership(studyID: study.requireID(), userID: vic.requireID(), role: .viewer).save(on: app.db)
      for page in ["", "/statements", "/grid", "/questions", "/texts", "/sites", "/preview"] {
        #expect(try await viewer.get("/studies/poetq\(page)").status == .ok, "viewer can read \(page)")
      }
      #expect(!(try await viewer.get("/studies/poetq/statements").body.string.contains("Add a statement")))
      #expect(try await viewer.post("/studies/poetq/statements", ["text": "Sneaky"]).status == .forbidden)
      #expect(try await viewer.post("/studies/poetq/status", ["status": "open"]).status == .forbidden)
      #expect(try await viewer.post("/studies/poetq/sites", ["name": "Mine"]).status == .forbidden)
      #expect(try await Self.statements(app, study).count == 40)

      study.informationSheet = "What the study is about"
      try await study.save(on: app.db)
      let participantsBefore = try await Participant.query(on: app.db).count()
      let preview = try await viewer.get("/studies/poetq/preview").body.string
      #expect(preview.contains("Nothing you type or choose here is stored or sent."))
      #expect(preview.contains("What the study is about"))
      #expect(preview.contains("No consent text yet"))
      #expect(preview.contains("What is your current role or job title?"))
      #expect(!preview.contains("<form method=\"post\" action=\"/p"), "the preview posts nowhere")
      #expect(try await Participant.query(on: app.db).count() == participantsBefore)
    }
  }
}
