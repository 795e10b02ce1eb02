import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The participant chooses the language (issue 29): a study with a complete French translation is
/// taken part in French from the browser's `Accept-Language`, over a real port and without
/// JavaScript; `?lang=` overrides it; a language not complete is never offered; the choice is kept
/// with the participant; Arabic pages run right to left.
@Suite("Participant language flow")
struct ParticipantLanguageFlowTests {
  typealias Fixture = StudyTranslationFixture

  @Test("Accept-Language: fr, no script, a real port: every page is French, the sort completes, French kept")
  func frenchSortOverSocket() async throws {
    try await withRunningPOETQ { app, baseURL in
      let (study, invited) = try await ParticipantClient.openTemplateStudy(app)
      let french = try await Fixture.translate(study, into: .fr, on: app.db)
      let interface = app.locales.texts(for: .fr)
      var browser = SocketParticipant(
        app, baseURL: baseURL, code: invited.code, acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.5")
      try await browser.get(browser.path)
      #expect(browser.status == 200)
      #expect(browser.page.contains(Fixture.html(try #require(french["description"]))), "the French description")
      #expect(browser.page.contains(#"hreflang="fr" aria-current="true""#), "the switcher marks French")
      var sorted = 0
      var pages = 0
      var headings: [String] = []
      repeat {
        pages += 1
        let (lang, dir) = browser.htmlLanguage
        #expect(
          lang == "fr" && dir == "ltr", "page \(pages) (\(browser.reader.heading)) is <html lang=\"fr\" dir=\"ltr\">")
        #expect(browser.page.contains("<title>") && browser.page.contains(Fixture.html(Fixture.frenchTitle)))
        #expect(!browser.page.contains("· \(study.title)</title>"), "the English title is not shown")
        #expect(browser.formLanguages.isSubset(of: ["fr"]), "every form carries lang=fr")
        headings.append(browser.reader.heading)
        if let statement = browser.reader.presortStatement, browser.page.contains(#"name="pile""#) {
          #expect(browser.page.contains(Fixture.html(try #require(french["statement.\(statement)"]))))
          #expect(browser.page.contains(Fixture.html(interface("presortHeading"))), "French interface words")
          #expect(browser.page.contains(Fixture.html(try #require(french["instruction"]))), "the French instruction")
        }
        if browser.page.contains(#"name="asked""#) {
          #expect(browser.page.contains("« FR » "), "the questions in French")
        }
      } while try await browser.step(sorted: &sorted) && pages < 200
      #expect(
        browser.page.contains(Fixture.html(interface("thankYouHeading"))), "the thank-you page: \(headings.suffix(3))")
      #expect(browser.page.contains(Fixture.html(try #require(french["thankYou"]))))
      #expect(sorted == 40)

      let participant = try await invited.participant(on: app.db)
      #expect(participant.language == "fr", "the language is kept with the participant")
      #expect(participant.status == .completed)
      let response = try #require(try await invited.response(on: app.db))
      #expect(response.stage == "submitted")
      // The answers are stored as the source options they stand for: every language's answers read alike.
      let design = try await StudyDesign.load(study, on: app.db)
      let answers = try ResponseStore.value([String: [String]].self, response.answers, field: "answers")
      for question in design.questions where !question.options.isEmpty {
        for answer in answers[question.key] ?? [] {
          #expect(question.options.contains(answer), "\(question.key): \(answer) is a source option")
        }
      }
    }
  }

  @Test("?lang=en beats Accept-Language: fr, and the page's language is kept by the next action")
  func queryBeatsAcceptLanguage() async throws {
    try await withRunningPOETQ { app, baseURL in
      let (study, invited) = try await ParticipantClient.openTemplateStudy(app)
      try await Fixture.translate(study, into: .fr, on: app.db)
      var browser = SocketParticipant(app, baseURL: baseURL, code: invited.code, acceptLanguage: "fr")
      try await browser.get(browser.path + "?lang=en")
      #expect(browser.htmlLanguage.lang == "en")
      #expect(browser.page.contains(Fixture.html(study.title)))
      #expect(browser.page.contains(#"hreflang="en" aria-current="true""#))
      // Consent from the English page: English is kept although the browser asks for French.
      var sorted = 0
      _ = try await browser.step(sorted: &sorted)  // welcome → consent (the link carries lang=en)
      #expect(browser.htmlLanguage.lang == "en")
      _ = try await browser.step(sorted: &sorted)  // agree
      #expect(browser.htmlLanguage.lang == "en", "after consent, the stored English beats Accept-Language")
      #expect(try await invited.participant(on: app.db).language == "en")
    }
  }

  @Test("a language not complete, or out of date, is never offered, not even by ?lang=")
  func incompleteNeverOffered() async throws {
    try await withPOETQ { app in
      let (study, invited) = try await ParticipantClient.openTemplateStudy(app)
      try await Fixture.translate(study, into: .fr, except: ["statement.7"], on: app.db)
      try await Fixture.translate(study, into: .ar, on: app.db)
      var client = invited
      for query in ["", "?lang=fr"] {
        try await client.get(query, acceptLanguage: "fr")
        #expect(client.page.contains(#"<html lang="en" dir="ltr">"#), "French is one text short: \(query)")
        #expect(!client.page.contains(#"hreflang="fr""#), "the switcher does not offer French")
        #expect(client.page.contains(#"hreflang="ar""#), "the complete Arabic is offered")
      }
      // Arabic is complete until a source text changes: then out of date, and no longer offered.
      try await client.get("?lang=ar")
      #expect(client.page.contains(#"<html lang="ar" dir="rtl">"#))
      study.description = "A description rewritten after the translation"
      try await study.save(on: app.db)
      try await client.get("?lang=ar")
      #expect(client.page.contains(#"<html lang="en" dir="ltr">"#), "out-of-date Arabic is not shown")
      #expect(!client.page.contains(#"class="language-switcher""#), "one language left: no switcher")
      #expect(!client.page.contains(Fixture.arabicTitle))
    }
  }

  @Test("resume on another device (no query, another Accept-Language) keeps the participant's language")
  func resumeKeepsLanguage() async throws {
    try await withPOETQ { app in
      let (study, invited) = try await ParticipantClient.openTemplateStudy(app)
      try await Fixture.translate(study, into: .fr, on: app.db)
      var first = invited
      try await first.get("?step=consent&lang=fr")
      let version = try #require(first.matches(#"name="version" value="(\d+)""#).first)
      let consented = try await first.post(
        [("choice", "agree"), ("version", version), ("lang", "fr")], to: "/consent")
      #expect(consented.status == .seeOther)
      #expect(try await invited.participant(on: app.db).language == "fr")

      var other = ParticipantClient(app, code: invited.code)
      try await other.get("", acceptLanguage: "de-DE,en;q=0.8")
      #expect(other.page.contains(#"<html lang="fr" dir="ltr">"#), "the stored French, not the browser's")
      #expect(other.page.contains(#"name="lang" value="fr""#))
    }
  }

  @Test("a bogus posted lang is ignored: the action is saved, nothing fails; a new valid one is stored")
  func bogusLanguageIgnored() async throws {
    try await withPOETQ { app in
      let (study, invited) = try await ParticipantClient.openTemplateStudy(app)
      try await Fixture.translate(study, into: .fr, on: app.db)
      var client = invited
      try await client.consent()
      #expect(try await invited.participant(on: app.db).language == "en", "consent from the English page")
      let before = client.revision
      let answered = try await client.post(client.answers() + [("action", "continue"), ("lang", "<script>x")])
      #expect(answered.status == .seeOther, "a bogus lang is no reason to refuse the answers")
      #expect(client.revision == before + 1)
      #expect(try await invited.participant(on: app.db).language == "en")
      let repeated = try await client.post([("action", "back"), ("lang", "fr"), ("lang", "en")])
      #expect(repeated.status == .badRequest, "lang twice is refused like any repeated field")
      let statement = try #require(client.presortStatement)
      let sorted = try await client.post([
        ("action", "presort"), ("statement", String(statement)), ("pile", "agree"), ("lang", "fr"),
      ])
      #expect(sorted.status == .seeOther)
      #expect(try await invited.participant(on: app.db).language == "fr", "the French page's action keeps French")
      #expect(try await invited.participant(on: app.db).status == .inProgress, "with the status, in one save")
      #expect(client.page.contains(#"<html lang="fr" dir="ltr">"#))
    }
  }

  @Test("Arabic pages run right to left; the switcher's links carry lang and hreflang")
  func arabicRightToLeft() async throws {
    try await withPOETQ { app in
      let (study, invited) = try await ParticipantClient.openTemplateStudy(app)
      try await Fixture.translate(study, into: .ar, on: app.db)
      var client = invited
      try await client.get("", acceptLanguage: "ar")
      #expect(client.page.contains(#"<html lang="ar" dir="rtl">"#))
      #expect(client.page.contains(Fixture.arabicTitle))
      #expect(client.page.contains(#"lang="en" hreflang="en""#))
      #expect(client.page.contains(#"lang="ar" hreflang="ar" aria-current="true">العربية</a>"#))
      try await client.consent(language: "ar")
      try await client.answerAndContinue()
      #expect(client.page.contains(#"<html lang="ar" dir="rtl">"#))
      try await client.presortAll(agree: 15, neutral: 10)
      try await client.post([("action", "continue"), ("lang", "ar")])
      #expect(client.page.contains(#"<html lang="ar" dir="rtl">"#), "the ranking")
      // Scores stay as written (−4 … +4), isolated as left-to-right text inside the Arabic sentence.
      #expect(client.page.contains("\u{2066}+4\u{2069}"))
    }
  }

  @Test("open access and the unknown link speak the browser's language; the participant starts in it")
  func openAccessAndUnknownLink() async throws {
    try await withPOETQ { app in
      let (study, _) = try await ParticipantClient.openTemplateStudy(app) { $0.openAccess = true }
      try await Fixture.translate(study, into: .fr, on: app.db)
      var client = ParticipantClient(app, code: "none")
      let open = try await client.send(.GET, "/s/\(study.slug)", acceptLanguage: "fr")
      #expect(open.body.string.contains(#"<html lang="fr" dir="ltr">"#))
      #expect(open.body.string.contains(Fixture.html(Fixture.frenchTitle)))
      #expect(open.body.string.contains(#"name="lang" value="fr""#))
      let english = try await client.send(.GET, "/s/\(study.slug)?lang=en", acceptLanguage: "fr")
      #expect(english.body.string.contains(#"<html lang="en" dir="ltr">"#))

      let site = try #require(client.pageMatches(open.body.string, #"name="site" value="([^"]+)""#).first)
      let started = try await client.send(
        .POST, "/s/\(study.slug)", body: "site=\(site)&lang=fr", acceptLanguage: "en")
      #expect(started.status == .seeOther)
      let location = try #require(started.headers.first(name: .location))
      let code = String(location.split(separator: "/").last ?? "")
      let participant = try #require(try await Participant.query(on: app.db).filter(\.$code == code).first())
      #expect(participant.language == "fr", "the open-access page's language goes with the new participant")

      let unknown = try await client.send(.GET, "/p/ABCDEFGHJKLM", acceptLanguage: "xx, *;q=0.1")
      #expect(unknown.status == .notFound)
      let shipped = app.locales.languages
      #expect(unknown.body.string.contains(#"<html lang="\#(shipped.first?.tag ?? "en")""#))
      for language in shipped {
        let page = try await client.send(.GET, "/p/ABCDEFGHJKLM", acceptLanguage: language.tag)
        #expect(page.body.string.contains(#"<html lang="\#(language.tag)" dir="\#(language.direction)">"#))
      }
    }
  }
}
