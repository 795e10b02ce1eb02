import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The design routes of the JSON API: statements, distribution, sites, status, and the lock.
extension APITests {
  @Test("replacing the Q-set: an empty text or a duplicate number is a 422 naming item and field; nothing changes")
  func replaceStatements() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Q-set", template: "poetq")
      let path = "/api/v1/studies/\(slug)/statements"
      let before = try await DesignSnapshot.of(slug, on: app.db)

      let empty = try await client.put(
        path, #"[{"number": 1, "text": "Fine"}, {"number": 2, "text": "Also fine"}, {"number": 3, "text": "   "}]"#)
      #expect(empty.status == .unprocessableEntity)
      #expect(empty.apiError?.reason == "Item 3, Text: a statement needs some text.", "\(empty.body.string)")
      #expect(try await DesignSnapshot.of(slug, on: app.db) == before)

      let duplicate = try await client.put(path, #"[{"number": 4, "text": "One"}, {"number": 4, "text": "Two"}]"#)
      #expect(duplicate.status == .unprocessableEntity)
      #expect(
        duplicate.apiError?.reason
          == "Item 2, Number: statement number 4 is used twice (item 1); numbers must be unique.",
        "\(duplicate.body.string)")
      #expect(try await DesignSnapshot.of(slug, on: app.db) == before)

      let replaced = try await client.put(
        path,
        #"[{"text": " First ", "codes": ["People", " People "]}, {"number": 7, "text": "Seventh"}, {"text": "Next"}]"#)
      #expect(replaced.status == .ok, "\(replaced.body.string)")
      let expected = [
        StatementDTO(number: 1, text: "First", codes: ["People"]),
        StatementDTO(number: 7, text: "Seventh", codes: []),
        StatementDTO(number: 8, text: "Next", codes: []),
      ]
      #expect(try replaced.content.decode([StatementDTO].self) == expected)
      #expect(try await client.get(path).content.decode([StatementDTO].self) == expected)
      let study = try await client.get("/api/v1/studies/\(slug)").content.decode(StudyDTO.self)
      #expect(study.problemsBeforeOpening.contains { $0.hasPrefix("Grid:") }, "the old grid no longer fits")
    }
  }

  @Test("appending, changing and deleting single statements")
  func editStatements() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Edits", template: "blank")
      let path = "/api/v1/studies/\(slug)/statements"

      let one = try await client.post(path, #"{"text": "Partners trust each other", "codes": ["Partnership"]}"#)
      #expect(one.status == .created, "\(one.body.string)")
      #expect(one.headers.first(name: .location) == "\(path)/1")
      let fetched = try await client.get(try #require(one.headers.first(name: .location)))
      #expect(try fetched.content.decode(StatementDTO.self).text == "Partners trust each other")
      #expect(
        try one.content.decode(StatementDTO.self)
          == StatementDTO(number: 1, text: "Partners trust each other", codes: ["Partnership"]))
      let many = try await client.post(
        path, #"[{"text": "Second"}, {"number": 10, "text": "Tenth"}, {"text": "Eleventh"}]"#)
      #expect(many.status == .created, "\(many.body.string)")
      #expect(try many.content.decode([StatementDTO].self).map(\.number) == [2, 10, 11])
      let clash = try await client.post(path, #"{"number": 2, "text": "Again"}"#)
      #expect(clash.status == .unprocessableEntity)
      #expect(clash.apiError?.reason == "Number: statement number 2 is used twice; numbers must be unique.")
      let emptyList = try await client.post(path, "[]")
      #expect(emptyList.status == .unprocessableEntity)

      let changed = try await client.patch("\(path)/10", #"{"text": "Tenth, changed"}"#)
      #expect(changed.status == .ok, "\(changed.body.string)")
      #expect(
        try changed.content.decode(StatementDTO.self) == StatementDTO(number: 10, text: "Tenth, changed", codes: []))
      let renumbered = try await client.patch("\(path)/1", #"{"number": 3}"#)
      #expect(
        try renumbered.content.decode(StatementDTO.self)
          == StatementDTO(number: 3, text: "Partners trust each other", codes: ["Partnership"]))
      let taken = try await client.patch("\(path)/3", #"{"number": 2}"#)
      #expect(taken.status == .unprocessableEntity && taken.apiError?.reason.hasPrefix("Number:") == true)
      let blank = try await client.patch("\(path)/3", #"{"text": ""}"#)
      #expect(blank.status == .unprocessableEntity && blank.apiError?.reason == "Text: a statement needs some text.")
      let missing = try await client.patch("\(path)/99", #"{"text": "Nobody"}"#)
      #expect(missing.status == .notFound && missing.apiError?.reason.hasPrefix("Statement 99") == true)

      #expect(try await client.delete("\(path)/2").status == .noContent)
      #expect(try await client.delete("\(path)/2").status == .notFound)
      let left = try await client.get(path).content.decode([StatementDTO].self)
      #expect(left.map(\.number) == [3, 10, 11])
      #expect(left.first?.text == "Partners trust each other")
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "statement.delete").count() == 1)
    }
  }

  @Test("a grid that does not add up is a 422 with the numbers; nothing changes; a good grid is saved")
  func replaceDistribution() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Grid", template: "poetq")
      let path = "/api/v1/studies/\(slug)/distribution"
      let before = try await DesignSnapshot.of(slug, on: app.db)

      let capacities = [2, 3, 4, 6, 11, 6, 4, 3, 2]
      let columns = zip(-4...4, capacities).map { #"{"score": \#($0), "capacity": \#($1)}"# }.joined(separator: ",")
      let tooMany = try await client.put(path, #"{"kind": "forced", "columns": [\#(columns)]}"#)
      #expect(tooMany.status == .unprocessableEntity)
      #expect(
        tooMany.apiError?.reason == "Capacities: the columns hold 41 statements but the Q-set has 40; remove 1.",
        "\(tooMany.body.string)")
      #expect(try await DesignSnapshot.of(slug, on: app.db) == before)

      let gap = try await client.put(
        path, #"{"columns": [{"score": -1, "capacity": 20}, {"score": 1, "capacity": 20}]}"#)
      #expect(gap.status == .unprocessableEntity && gap.apiError?.reason.hasPrefix("Score:") == true)
      let kind = try await client.put(path, #"{"kind": "normal", "columns": []}"#)
      #expect(kind.status == .unprocessableEntity && kind.apiError?.reason.hasPrefix("kind:") == true)
      #expect(try await DesignSnapshot.of(slug, on: app.db) == before)

      let free = try await client.put(
        path,
        #"{"kind": "free", "columns": [{"score": 1, "capacity": 8, "label": "Agree "}, {"score": 0, "capacity": 8}, {"score": -1, "capacity": 8, "label": "Disagree"}]}"#
      )
      #expect(free.status == .ok, "\(free.body.string)")
      let saved = try free.content.decode(DistributionDTO.self)
      #expect(saved.kind == .free)
      #expect(saved.columns.map(\.score) == [-1, 0, 1] && saved.columns.map(\.label) == ["Disagree", "", "Agree"])
      let study = try await client.get("/api/v1/studies/\(slug)").content.decode(StudyDTO.self)
      #expect(study.settings.minScore == -1 && study.settings.maxScore == 1)
      #expect(try await DesignSnapshot.of(slug, on: app.db).columns.count == 3)
    }
  }

  @Test("once a real participant has a response, statement and grid changes are refused with 409")
  func locked() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Live", template: "poetq")
      let base = "/api/v1/studies/\(slug)"
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
      let studyID = try study.requireID()
      let site = try #require(try await Site.query(on: app.db).filter(\.$study.$id == studyID).first())

      // A preview does not lock anything.
      let preview = Participant(studyID: studyID, siteID: try site.requireID(), code: "preview-code", isPreview: true)
      try await preview.save(on: app.db)
      try await SortResponse(participantID: preview.requireID(), stage: "presort").save(on: app.db)
      #expect(try await client.get(base).content.decode(StudyDTO.self).locked == false)

      let participant = Participant(studyID: studyID, siteID: try site.requireID(), code: "real-code")
      try await participant.save(on: app.db)
      try await SortResponse(participantID: participant.requireID(), stage: "presort").save(on: app.db)
      let before = try await DesignSnapshot.of(slug, on: app.db)

      let detail = try await client.get(base).content.decode(StudyDTO.self)
      #expect(detail.locked)
      #expect(detail.lockedReason?.contains("1 participant has started sorting") == true)

      let attempts = [
        try await client.put(base + "/statements", #"[{"text": "New Q-set"}]"#),
        try await client.post(base + "/statements", #"{"text": "One more"}"#),
        try await client.post(base + "/statements", #"[{"text": "Two more"}, {"text": "Three more"}]"#),
        try await client.patch(base + "/statements/1", #"{"text": "Changed"}"#),
        try await client.delete(base + "/statements/1"),
        try await client.put(
          base + "/distribution",
          #"{"columns": [{"score": -1, "capacity": 10}, {"score": 0, "capacity": 20}, {"score": 1, "capacity": 10}]}"#),
      ]
      for response in attempts {
        #expect(response.status == .conflict, "\(response.body.string)")
        #expect(response.apiError?.reason.contains("locked") == true)
      }
      #expect(try await DesignSnapshot.of(slug, on: app.db) == before)
      // Texts are not part of the lock.
      #expect(try await client.patch(base, #"{"texts": {"contactDetails": "ada@example.org"}}"#).status == .ok)
      // A site with participants cannot go.
      let removal = try await client.delete(base + "/sites/\(try site.requireID())")
      #expect(removal.status == .conflict && removal.apiError?.reason.contains("participant") == true)
    }
  }

  @Test("sites: add, rename, refuse an empty or duplicate name and an unknown site, delete")
  func sites() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Sites", template: "blank")
      let path = "/api/v1/studies/\(slug)/sites"

      let added = try await client.post(path, #"{"name": " North "}"#)
      #expect(added.status == .created, "\(added.body.string)")
      let north = try added.content.decode(SiteDTO.self)
      #expect(north.name == "North" && north.position == 0)
      #expect(added.headers.first(name: .location) == "\(path)/\(north.id)")
      let fetched = try await client.get(try #require(added.headers.first(name: .location)))
      #expect(try fetched.content.decode(SiteDTO.self) == north)
      let south = try await client.post(path, #"{"name": "South"}"#).content.decode(SiteDTO.self)

      let duplicate = try await client.post(path, #"{"name": "north"}"#)
      #expect(duplicate.status == .unprocessableEntity)
      #expect(duplicate.apiError?.reason == #"Site name: the study already has a site called "north"."#)
      let empty = try await client.post(path, #"{"name": "  "}"#)
      #expect(empty.status == .unprocessableEntity && empty.apiError?.reason == "Site name: a site needs a name.")
      let renameClash = try await client.patch("\(path)/\(south.id)", #"{"name": "NORTH"}"#)
      #expect(renameClash.status == .unprocessableEntity)

      let renamed = try await client.patch("\(path)/\(north.id)", #"{"name": "North East"}"#)
      #expect(renamed.status == .ok)
      #expect(try renamed.content.decode(SiteDTO.self) == SiteDTO(id: north.id, name: "North East", position: 0))
      let unknown = try await client.patch("\(path)/\(UUID())", #"{"name": "Nowhere"}"#)
      #expect(unknown.status == .notFound && unknown.apiError?.reason == "Site: that site is not in this study.")
      #expect(try await client.patch("\(path)/not-an-id", #"{"name": "Nowhere"}"#).status == .notFound)

      // Another study's site is unknown here too.
      let otherSlug = try await client.createStudy("Other", template: "poetq")
      let otherSite = try await client.get("/api/v1/studies/\(otherSlug)/sites").content.decode([SiteDTO].self)[0]
      #expect(try await client.delete("\(path)/\(otherSite.id)").status == .notFound)
      #expect(try await client.get("\(path)/\(otherSite.id)").status == .notFound)

      #expect(try await client.delete("\(path)/\(south.id)").status == .noContent)
      let left = try await client.get(path).content.decode([SiteDTO].self)
      #expect(left.map(\.name) == ["North East"])
    }
  }

  @Test("opening an incomplete study is refused with the list of problems, and accepted once it is complete")
  func status() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Pilot", template: "blank")
      let base = "/api/v1/studies/\(slug)"

      let early = try await client.post(base + "/status", #"{"status": "open"}"#)
      #expect(early.status == .unprocessableEntity)
      let reason = try #require(early.apiError?.reason)
      for problem in ["Statements:", "Grid:", "Sites:", "consent text", "information sheet"] {
        #expect(reason.contains(problem), "\(reason) names \(problem)")
      }
      #expect(try await Study.query(on: app.db).filter(\.$slug == slug).first()?.status == .draft)

      let statements = (1...9).map { #"{"text": "Statement \#($0)"}"# }.joined(separator: ",")
      #expect(try await client.put(base + "/statements", "[\(statements)]").status == .ok)
      let grid = zip(-2...2, [1, 2, 3, 2, 1]).map { #"{"score": \#($0), "capacity": \#($1)}"# }.joined(separator: ",")
      #expect(try await client.put(base + "/distribution", #"{"columns": [\#(grid)]}"#).status == .ok)
      #expect(try await client.post(base + "/sites", #"{"name": "Only site"}"#).status == .created)

      let texts = try await client.post(base + "/status", #"{"status": "open"}"#)
      #expect(texts.status == .unprocessableEntity)
      let remaining = try #require(texts.apiError?.reason)
      #expect(remaining.contains("consent text") && remaining.contains("information sheet"))
      #expect(!remaining.contains("Statements:") && !remaining.contains("Grid:") && !remaining.contains("Sites:"))

      let completed = try await client.patch(
        base, #"{"texts": {"consentText": "I agree to take part.", "informationSheet": "What the study is about."}}"#)
      #expect(try completed.content.decode(StudyDTO.self).problemsBeforeOpening == [])
      let opened = try await client.post(base + "/status", #"{"status": "open"}"#)
      #expect(opened.status == .ok, "\(opened.body.string)")
      #expect(try opened.content.decode(StudyDTO.self).status == .open)
      #expect(try await Study.query(on: app.db).filter(\.$slug == slug).first()?.status == .open)

      let bogus = try await client.post(base + "/status", #"{"status": "paused"}"#)
      #expect(bogus.status == .unprocessableEntity && bogus.apiError?.reason.hasPrefix("status:") == true)
      #expect(
        try await client.post(base + "/status", #"{"status": "closed"}"#).content.decode(StudyDTO.self).status
          == .closed)
      #expect(
        try await client.post(base + "/status", #"{"status": "draft"}"#).content.decode(StudyDTO.self).status == .draft)
    }
  }
}
