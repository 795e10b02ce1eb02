import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// One Q-set for the analysis (issue 29): statements keep their numbers in every language, so sorts
/// made in any language analyse together; every output knows each sort's language (the exports, the
/// Data tab, the monitor, the analyses' selection, the reports' quotes, the participants list and
/// the invitations).
@Suite("Sorts in several languages")
struct AnalysisLanguagesTests {
  /// Records every `every`-th completed sort of the demo (in sort-number order) as made in French
  /// and returns their sort ids in that order.
  static func recordInFrench(_ study: Study, every: Int, on db: any Database) async throws -> [String] {
    let export = try await StudySorts.export(study, detail: .scores, on: db)
    let french = export.sorts.enumerated().filter { $0.offset % every == 0 }.map(\.element.sortID)
    let wanted = Set(french)
    let participants = try await Participant.query(on: db).filter(\.$study.$id == study.requireID()).all()
      .filter { $0.sortID.map(wanted.contains) ?? false }
    for participant in participants {
      participant.language = StudyLanguage.fr.tag
      try await participant.save(on: db)
    }
    #expect(participants.count == french.count)
    return french
  }

  /// Polls the analysis row until its run is done or failed (at most a minute).
  static func finished(_ id: UUID, on db: any Database) async throws -> Analysis {
    for _ in 0..<600 {
      let analysis = try #require(try await Analysis.find(id, on: db))
      if analysis.status == .done || analysis.status == .failed { return analysis }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("analysis \(id) did not finish within a minute")
    throw CancellationError()
  }

  @Test("a French and an English sort analysed together give exactly the result of the same sorts all in English")
  func frenchAndEnglishTogether() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let body = #"{"name": "Three", "extraction": "centroid", "factors": 3, "rotation": "varimax"}"#
      let english = try await AnalysisAPITests.finished(
        client, study.slug, try await AnalysisAPITests.queue(client, study.slug, body))
      let french = try await Self.recordInFrench(study, every: 2, on: app.db)
      let export = try await StudySorts.export(study, detail: .scores, on: app.db)
      #expect(Set(export.sorts.map(\.language)) == ["en", "fr"], "the data now holds sorts of both languages")
      #expect(export.sorts.filter { $0.language == "fr" }.map(\.sortID) == french)
      let mixed = try await AnalysisAPITests.finished(
        client, study.slug, try await AnalysisAPITests.queue(client, study.slug, body))
      #expect(english.status == .done && mixed.status == .done, "\(mixed.failure ?? "")")
      #expect(mixed.sortIDs == english.sortIDs)
      #expect(mixed.dataHash == english.dataHash, "the same numbers went in")
      #expect(mixed.result == english.result, "and exactly the same result came out")
      let stored = try #require(try await Analysis.find(english.id, on: app.db))
      let again = try #require(try await Analysis.find(mixed.id, on: app.db))
      #expect(
        try await StoredResults.json(of: again, on: app.db) == (try await StoredResults.json(of: stored, on: app.db)))
    }
  }

  @Test(
    "an API run can keep only the French sorts: the count, the stored selection, kept by a re-run; a bad tag is 422")
  func selectionByLanguageInTheAPI() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let french = try await Self.recordInFrench(study, every: 3, on: app.db)
      let listed = try await client.get("/api/v1/studies/\(study.slug)/participants?sort=\(french[0])")
      #expect(listed.body.string.contains("\"language\":\"fr\""), "the API's participants say their language")
      let id = try await AnalysisAPITests.queue(
        client, study.slug,
        #"{"name": "French", "languages": ["fr"], "extraction": "centroid", "factors": 3, "rotation": "varimax"}"#)
      let analysis = try await AnalysisAPITests.finished(client, study.slug, id)
      #expect(analysis.status == .done, "\(analysis.failure ?? "")")
      #expect(analysis.sortIDs == french, "only the \(french.count) French sorts")
      #expect(analysis.result?.sorts == french)
      #expect(analysis.parameters.selection.languages == ["fr"], "the selection is stored with the analysis")

      let base = "/api/v1/studies/\(study.slug)/analyses"
      let rerun = try await client.post("\(base)/\(id)/rerun", "")
      #expect(rerun.status == .accepted, "\(rerun.body.string)")
      let again = try await AnalysisAPITests.finished(
        client, study.slug, try rerun.content.decode(AnalysisQueuedDTO.self).id)
      #expect(again.parameters.selection.languages == ["fr"] && again.sortIDs == french, "a re-run keeps the selection")

      let before = try await Analysis.query(on: app.db).count()
      let bad = try await client.post(
        base, #"{"name": "Bad", "languages": ["xx"], "extraction": "centroid", "factors": 3, "rotation": "varimax"}"#)
      #expect(bad.status == .unprocessableEntity)
      #expect(bad.body.string.contains("languages[0]"), "\(bad.body.string)")
      let none = try await client.post(
        base, #"{"name": "None", "languages": ["de"], "extraction": "centroid", "factors": 3, "rotation": "varimax"}"#)
      #expect(none.status == .unprocessableEntity, "no sort was made in German")
      #expect(try await Analysis.query(on: app.db).count() == before, "nothing stored")
    }
  }

  @Test(
    "the run form lists languages only when sorts were made in several; its choice shows on the page and in the report")
  func selectionByLanguageInTheForm() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let base = AnalysisPagesTests.base
      #expect(!(try await owner.get("\(base)/new").body.string.contains("name=\"language\"")), "one language: no boxes")
      let french = try await Self.recordInFrench(study, every: 3, on: app.db)
      let form = try await owner.get("\(base)/new").body.string
      #expect(
        form.contains("value=\"fr\" id=\"language-1\" checked> French <span class=\"hint\">(\(french.count) sorts)"))
      #expect(form.contains("data-language=\"fr\""))
      let sites = try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).all().map(\.name)
      var pairs: [(String, String)] = [("name", "French only"), ("factors", "3"), ("languages-listed", "1")]
      pairs += sites.map { ("site", $0) } + [("language", "fr")]
      let response = try await owner.post(base, pairs: pairs)
      #expect(response.status == .seeOther)
      let created = try await AnalysisPagesTests.newest(app.db)
      #expect(try AnalysisParameters.decode(created.parameters).selection.languages == ["fr"])
      #expect(created.usedSortIDs == french)
      let analysis = try await Self.finished(try created.requireID(), on: app.db)
      #expect(analysis.status == .done, "\(analysis.failure ?? "")")
      let path = "\(base)/\(try analysis.requireID())"
      let page = try await owner.get(path).body.string
      #expect(page.contains("\(french.count) sorts <span id=\"selected-languages\">(made in French)</span>"))
      let report = try await owner.get("\(path)/report.html").body.string
      #expect(report.contains("only the sorts made in French"), "the method says which sorts")

      let refused = try await owner.post(
        base, pairs: [("factors", "3"), ("languages-listed", "1")] + sites.map { ("site", $0) })
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("Languages: tick at least one language"))
    }
  }

  @Test("the CSV and JSON exports and the Data tab give each sort's language")
  func exportsCarryTheLanguage() async throws {
    try await withPOETQ { app in
      var (browser, study, clients) = try await StudyDataFixture.twoSorts(app)
      let second = try await clients[1].participant(on: app.db)
      second.language = "fr"
      try await second.save(on: app.db)
      let base = "/studies/\(study.slug)/data/export/"
      let rows = try await browser.get(base + "csv").body.string.split(separator: "\n").map(String.init)
      #expect(rows[0].hasPrefix("sort_id,site,language,status,"))
      #expect(rows[1].hasPrefix("A1,Site A,en,completed,"), "no language chosen: the study's own")
      #expect(rows[2].hasPrefix("A2,Site A,fr,completed,"))
      let json = try JSONSerialization.jsonObject(with: Data(try await browser.get(base + "json").body.string.utf8))
      let sorts = try #require((json as? [String: Any])?["sorts"] as? [[String: Any]])
      #expect(sorts.map { $0["language"] as? String } == ["en", "fr"])
      let page = try await browser.get("/studies/\(study.slug)/data").body.string
      #expect(page.contains("Made in English 1, French 1."))
    }
  }

  @Test("the report quotes a French comment as written, named (French); the workbook's Sorts sheet has the language")
  func reportsNameTheLanguage() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let french = try await Self.recordInFrench(study, every: 1, on: app.db)
      var options = AnalysisOptions()
      options.factors = 3
      let (analysis, _) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let path = "\(AnalysisPagesTests.base)/\(try analysis.requireID())"
      let comments = Set(try await StudySorts.export(study, on: app.db).sorts.flatMap { $0.comments.values })
      let html = try await owner.get("\(path)/report.html").body.string
      // Every quote marked as French and named, in the participant's own words (never translated).
      let quoted = html.components(separatedBy: "<span lang=\"fr\">“").dropFirst().map {
        $0.components(separatedBy: "”</span>")
      }
      #expect(!quoted.isEmpty, "the exemplars' comments are quoted")
      for parts in quoted {
        #expect(parts.count > 1 && parts[1].hasPrefix(" (French)"), "named after the quote")
        let text = parts[0].replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
          .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
          .replacingOccurrences(of: "&amp;", with: "&")
        #expect(comments.contains(text), "“\(text)” as the participant wrote it")
      }

      let docx = try await owner.get("\(path)/report.docx")
      if let paragraphs = try DownloadText.docx(Data(docx.body.readableBytesView)) {
        #expect(paragraphs.contains { $0.hasPrefix("“") && $0.contains("” (French) — on ") })
      }
      let xlsx = try await owner.get("\(path)/workbook.xlsx")
      if let book = try DownloadText.xlsx(Data(xlsx.body.readableBytesView)) {
        let index = try #require(book.sheets.firstIndex(of: "Sorts"))
        let cells = book.cells[index]
        #expect(Array(cells[0].prefix(4)) == ["Sort", "Site", "Language", "Defines"])
        #expect(cells.dropFirst().count == french.count)
        #expect(cells.dropFirst().allSatisfy { $0[2] == "French" })
      }

      let factor = try await owner.get("\(path)/factors/1").body.string
      #expect(factor.contains("<span lang=\"fr\">“") && factor.contains("”</span> (French)"), "the quotes to pin too")

      // A study written in French quotes its French comments without naming the language.
      study.language = "fr"
      try await study.save(on: app.db)
      let own = try await owner.get("\(path)/report.html").body.string
      #expect(!own.contains("(French)") && !own.contains("<span lang=\"fr\">"))
    }
  }

  @Test("the Monitor tab counts participants by language once there is more than one")
  func monitorCountsByLanguage() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let monitor = "/studies/\(study.slug)/monitor"
      #expect(!(try await owner.get(monitor).body.string.contains("Participants by language")), "one language")
      let french = try await Self.recordInFrench(study, every: 4, on: app.db)
      let everyone = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
        .filter(\.$isPreview == false).all()
      let invitedFrench = everyone.filter { $0.language == "fr" }.count
      let page = try await owner.get(monitor).body.string
      #expect(page.contains("Participants by language"))
      let row = try #require(page.components(separatedBy: "<tr><th scope=\"row\">French</th>").dropFirst().first)
      let cells = row.components(separatedBy: "</tr>")[0].components(separatedBy: "<td>").dropFirst()
        .map { $0.replacingOccurrences(of: "</td>", with: "") }
      #expect(cells.first == "\(invitedFrench)", "invited")
      #expect(cells.dropFirst(5).first == "\(french.count)", "completed")
      #expect(page.contains("<tr><th scope=\"row\">English</th><td>\(everyone.count - invitedFrench)</td>"))
    }
  }

  @Test("a list import sets each participant's language, refusing an unknown one by line; the list shows it")
  func participantsListLanguage() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      let bad = "email,name,site,language\nann@example.org,Ann,Site A,fr\nbob@example.org,Bob,Site B,klingon\n"
      let refused = try await browser.post("/studies/poetq/participants/import", ["list": bad])
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("Line 3, language: “klingon” is not a language POETQ offers"))
      #expect(try await ParticipantsTests.participants(app, study).isEmpty, "nothing imported")
      let good = "email,name,site,language\nann@example.org,Ann,Site A,fr\nbob@example.org,Bob,Site B,\n"
      #expect(try await browser.post("/studies/poetq/participants/import", ["list": good]).status == .seeOther)
      let added = try await ParticipantsTests.participants(app, study)
      #expect(added.map(\.language) == ["fr", nil])
      let ann = try await browser.get("/studies/poetq/participants/\(try added[0].requireID())").body.string
      #expect(ann.contains("<dt>Language</dt><dd>French</dd>"), "the participant's page says it too")
      let page = try await browser.get("/studies/poetq/participants").body.string
      #expect(page.contains("<td>Site A</td><td>French</td>") && page.contains("<td>Site B</td><td>English</td>"))
      let links = try await browser.get("/studies/poetq/participants/links.csv").body.string
      #expect(links.hasPrefix("site,name,email,code,link,status,language\n"))

      // Anonymous codes can be set to a language too.
      let siteA = try #require(added.first?.$site.id)
      let form = ["site": siteA.uuidString, "count": "2"]
      let refusedCodes = try await browser.post(
        "/studies/poetq/participants/generate", form.merging(["language": "xx"]) { $1 })
      #expect(refusedCodes.status == .unprocessableEntity)
      #expect(refusedCodes.body.string.contains("Language: “xx” is not a language POETQ offers"))
      #expect(try await ParticipantsTests.participants(app, study).count == 2, "no code added")
      let codes = try await browser.post(
        "/studies/poetq/participants/generate", form.merging(["language": "fr"]) { $1 })
      #expect(codes.status == .seeOther)
      let chosen = try await browser.post("/studies/poetq/participants/generate", form.merging(["language": ""]) { $1 })
      #expect(chosen.status == .seeOther)
      let all = try await ParticipantsTests.participants(app, study)
      #expect(all.filter { $0.email == nil }.map(\.language) == ["fr", "fr", nil, nil])
    }
  }

  @Test("a participant invited in French gets the study's French invitation; one in English the source text")
  func invitationInFrench() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var (browser, study, _) = try await ParticipantClient.openedTemplate(app)
        let list =
          "email,name,site,language\nann@example.org,Ann,Site A,fr\nbob@example.org,Bob,Site B,en\n"
          + "dora@example.org,,Site C,fr\n"
        #expect(try await browser.post("/studies/poetq/participants/import", ["list": list]).status == .seeOther)
        // The study translated into French, every text from its current source.
        let texts = try await TranslatableTexts.load(
          study, design: try await StudyDesign.load(study, on: app.db), on: app.db)
        let french = [
          "mail.invitation.subject": "Invitation à participer : {{study}}",
          "mail.invitation.body": "Bonjour {{name}},\n\nVotre lien personnel : {{link}}\n\nQuestions ? {{contact}}\n",
        ]
        for entry in texts.entries {
          try await StudyTranslation(
            studyID: study.requireID(), language: "fr", key: entry.key, source: entry.source,
            translation: french[entry.key] ?? "FR " + entry.source
          ).save(on: app.db)
        }
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(try await app.mailWorker.runDueJobs() == 3)
        let received = try sink.messages()
        let ann = try #require(received.first { $0.rcptTos == ["ann@example.org"] })
        #expect(ann.subject == "Invitation à participer : FR POETQ", "the French text, with the French title")
        #expect(ann.text.hasPrefix("Bonjour Ann,\n\nVotre lien personnel : http://127.0.0.1:8080/p/"))
        // The contact in French too, and the words for a missing name or contact from the French catalogue.
        let contact = study.contactDetails.isEmpty ? "Répondez à ce message." : "FR " + study.contactDetails
        #expect(ann.text.contains("Questions ? \(contact)"), "\(ann.text)")
        let dora = try #require(received.first { $0.rcptTos == ["dora@example.org"] })
        #expect(dora.text.hasPrefix("Bonjour Madame, Monsieur,"), "\(dora.text)")
        let bob = try #require(received.first { $0.rcptTos == ["bob@example.org"] })
        #expect(bob.subject == "Invitation to take part: POETQ", "English, the study's own")

        // A translation gone out of date: French is no longer complete, so the source text goes out.
        let title = try #require(
          try await StudyTranslation.query(on: app.db).filter(\.$key == "title").filter(\.$language == "fr").first())
        title.source = "An older title"
        try await title.save(on: app.db)
        let cleo = "email,name,site,language\ncleo@example.org,Cleo,Site A,fr\n"
        #expect(try await browser.post("/studies/poetq/participants/import", ["list": cleo]).status == .seeOther)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(try await app.mailWorker.runDueJobs() == 1)
        let late = try #require(try sink.messages().first { $0.rcptTos == ["cleo@example.org"] })
        #expect(late.subject == "Invitation to take part: POETQ", "never half translated")
      }
    }
  }
}
