import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The Statements tab shows each statement in the study's other languages, with a translation made
/// from an earlier wording marked out of date (issue 29: "the statements gain languages").
@Suite("Statements tab: translations")
struct StatementTranslationsPageTests {
  @Test("each statement lists its translations in their language, the one made from an older wording out of date")
  func shownBesideTheStatement() async throws {
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      _ = try await browser.post("/studies", ["title": "Two languages", "template": "poetq"])
      let study = try #require(try await Study.query(on: app.db).first())
      let studyID = try study.requireID()
      let statements = try await StudyStatement.query(on: app.db).filter(\.$study.$id == studyID).sort(\.$number).all()
      let first = try #require(statements.first)
      let second = try #require(statements.dropFirst().first)
      try await StudyTranslation(
        studyID: studyID, language: "fr", key: TranslatableTexts.statement(first.number), source: first.text,
        translation: "Première affirmation, traduite."
      ).save(on: app.db)
      try await StudyTranslation(
        studyID: studyID, language: "fr", key: TranslatableTexts.statement(second.number),
        source: "An earlier wording", translation: "Ancienne traduction."
      ).save(on: app.db)

      let html = try await browser.get(StudyRoute.statements().href(slug: study.slug)).body.string
      let rows = html.components(separatedBy: "<li id=\"s-")
      let firstRow = try #require(rows.first { $0.contains(">\(first.text)</textarea>") })
      let secondRow = try #require(rows.first { $0.contains(">\(second.text)</textarea>") })
      #expect(firstRow.contains("<span lang=\"fr\">Première affirmation, traduite.</span>"))
      #expect(!firstRow.contains("out of date"))
      #expect(secondRow.contains("<span lang=\"fr\">Ancienne traduction.</span>"))
      #expect(secondRow.contains("out of date"), "made from another wording than the statement's own")
      let third = try #require(rows.first { $0.contains(">\(statements[2].text)</textarea>") })
      #expect(!third.contains("class=\"translations\""), "no translation, no list")
    }
  }
}
