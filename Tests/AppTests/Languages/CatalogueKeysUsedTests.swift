import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// Every text a participant page asks for exists, of the right kind, in every catalogue: `t.<key>`
/// in the participant templates and `texts("key")` in Swift are texts (a Leaf context holds only
/// texts), `texts.plural("key", …)` are plural entries. And the participant's error pages speak
/// the catalogue's words.
@Suite("Catalogue keys in use")
struct CatalogueKeysUsedTests {
  static let root = LocaleCatalogueTests.root

  /// The first group of every match of `pattern` in the files of `folder`.
  static func collect(_ folder: String, _ pattern: String) throws -> Set<String> {
    let directory = root.appendingPathComponent(folder)
    let regex = try NSRegularExpression(pattern: pattern)
    var found = Set<String>()
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
      let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        for group in 1..<match.numberOfRanges {
          if let range = Range(match.range(at: group), in: text) { found.insert(String(text[range])) }
        }
      }
    }
    return found
  }

  static let swiftFolders = [
    "Sources/App/Controllers/Participant", "Sources/App/Services/Participation", "Sources/App/Views/Errors",
  ]

  /// The texts Swift asks for: literal keys, and those chosen through a value (the step names,
  /// the form errors, where the ranking's candidates come from).
  static func textsUsedInSwift() throws -> Set<String> {
    var used = Set<String>()
    for folder in swiftFolders {
      used.formUnion(try collect(folder, #"texts\(\s*"([A-Za-z]+)""#))
      used.formUnion(try collect(folder, #"message\("([A-Za-z]+)", "([A-Za-z]+)"\)"#))
    }
    used.formUnion([FlowStep.welcome, .consent].map(\.textKey) + FlowStage.allCases.map { FlowStep.flow($0).textKey })
    used.formUnion(
      [ParticipantFormError.repeated("f"), .unknown("f"), .missing("f"), .invalid("f")].map(\.textKey))
    used.formUnion(ParticipantPages.fromPileKey.values)
    return used
  }

  static func pluralsUsedInSwift() throws -> Set<String> {
    var used = Set<String>()
    for folder in swiftFolders { used.formUnion(try collect(folder, #"plural\(\s*"([A-Za-z]+)""#)) }
    // The ranking's heading is chosen by side: `texts.plural(key, …)`.
    return used.union(["rankingAgree", "rankingDisagree"])
  }

  @Test("every t.<key> of a participant template and every key used in Swift is in every catalogue, as its kind")
  func keysInUseExist() throws {
    let templates = try Self.collect("Resources/Views/participant", #"(?<![A-Za-z0-9_.])t\.([A-Za-z_][A-Za-z0-9_]*)"#)
    let texts = try Self.textsUsedInSwift().union(templates)
    let plurals = try Self.pluralsUsedInSwift()
    #expect(
      templates.count > 50 && texts.count > 120, "the scan found the texts in use: \(templates.count), \(texts.count)")
    #expect(plurals.count > 12, "the scan found the counted texts in use: \(plurals.sorted())")
    for language in StudyLanguage.allCases {
      let catalogue = try LocaleCatalogueTests.catalogue(language)
      let missingTexts = texts.filter { if case .text = catalogue[$0] { false } else { true } }
      let missingPlurals = plurals.filter { if case .plural = catalogue[$0] { false } else { true } }
      #expect(missingTexts.isEmpty, "\(language.tag): no text for \(missingTexts.sorted())")
      #expect(missingPlurals.isEmpty, "\(language.tag): no plural entry for \(missingPlurals.sorted())")
    }
  }

  @Test("in every language a page's Leaf context holds exactly the texts its template and layout name")
  func pageContextsInEveryLanguage() throws {
    let locales = try Locales.load(resourcesDirectory: Self.root.path + "/Resources/")
    let views = Self.root.path + "/Resources/Views/"
    let layout = try ParticipantPageTextsTests.named(in: views + "participant/layout.leaf")
    for language in StudyLanguage.allCases {
      let texts = locales.texts(for: language)
      for template in ["welcome", "presort", "ranking", "placing", "review", "comments", "message", "thanks"] {
        // `named` also finds `statement.text`'s "text": English says which names are texts.
        let named = try ParticipantPageTextsTests.named(in: views + "participant/\(template).leaf").union(layout)
          .filter { locales.texts(for: .en).entries[$0] != nil }
        let page = ParticipantPage.envelope(
          template: "participant/\(template)", texts: texts, language: language, title: "", studyTitle: "")
        #expect(Set(page.t.keys) == named, "\(language.tag) \(template): \(named.subtracting(page.t.keys).sorted())")
        #expect(page.lang == language.tag)
      }
    }
  }

  @Test("the participant's script has no words of its own: what it shows comes from the page")
  func scriptHasNoWords() throws {
    var files = ["Public/js/participant.js"]
    files += try FileManager.default.contentsOfDirectory(
      atPath: Self.root.appendingPathComponent("Public/js/participant").path
    ).map { "Public/js/participant/" + $0 }
    // What a script puts on the page: textContent, innerText, innerHTML, say("…"), an announcer.
    let shown = try NSRegularExpression(
      pattern: #"(textContent|innerText|innerHTML|say\()\s*=?\s*[^;\n]*["'`][A-Za-z][a-z]+ [a-z]"#)
    for file in files {
      let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
      let matches = shown.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
        Range($0.range, in: text).map { String(text[$0]) }
      }
      #expect(matches.isEmpty, "\(file) shows words of its own: \(matches)")
    }
  }

  @Test("a participant's address that fails on the server shows the participant's page in their language")
  func participantServerError() async throws {
    try await withPOETQ { app in
      struct Boom: Error {}
      app.get("p", "test-only-boom") { _ -> String in throw Boom() }
      let arabic = app.locales.texts(for: .ar)
      var headers = HTTPHeaders()
      headers.add(name: .accept, value: SocketSession.browserAccept)
      headers.add(name: .acceptLanguage, value: "ar-EG, en;q=0.5")
      try await app.testing().test(.GET, "/p/test-only-boom", headers: headers) { response in
        #expect(response.status == .internalServerError)
        let html = response.body.string
        #expect(html.contains("<html lang=\"ar\""), "\(html.prefix(200))")
        #expect(html.contains(arabic("errorPageHeading")) && html.contains(arabic("errorPageServer")))
        #expect(!html.contains("Go to the start page"), "not the researchers' page")
        #expect(
          html.contains(arabic("errorPageReference") + " <code>"), "the reference, where the page's script finds it")
      }
    }
  }

  @Test("an unknown participant's address answers 404 in the page's language, else the browser's, over a real port")
  func participantNotFound() async throws {
    try await withRunningPOETQ { app, baseURL in
      let port = SocketSession(baseURL: baseURL).port
      let missing = try await SocketHTTP.send(
        port: port, method: "GET", path: "/p/some-code/no-such-page?lang=fr",
        headers: [("Accept", SocketSession.browserAccept), ("Accept-Language", "de")])
      let french = app.locales.texts(for: .fr)
      #expect(missing.status == 404)
      #expect(missing.body.contains("<html lang=\"fr\""), "?lang= wins: \(missing.body.prefix(200))")
      #expect(missing.body.contains(french("unknownLinkHeading")))
      let german = try await SocketHTTP.send(
        port: port, method: "GET", path: "/s/no-such-study/more",
        headers: [("Accept", SocketSession.browserAccept), ("Accept-Language", "it, de-AT;q=0.8, fr;q=0.7")])
      #expect(german.status == 404)
      #expect(german.body.contains("<html lang=\"de\""), "the first language POETQ speaks: \(german.body.prefix(200))")
    }
  }

  @Test("Accept-Language: the highest q among the languages POETQ speaks; q=0 refuses one")
  func acceptLanguage() {
    #expect(ParticipantLanguage.preferred("fr-CH, fr;q=0.9, en;q=0.8", among: StudyLanguage.allCases) == .fr)
    #expect(ParticipantLanguage.preferred("en;q=0.5, ar;q=0.9", among: StudyLanguage.allCases) == .ar)
    #expect(ParticipantLanguage.preferred("it, pt", among: StudyLanguage.allCases) == nil)
    #expect(ParticipantLanguage.preferred("es;q=0, de;q=0.1", among: StudyLanguage.allCases) == .de)
    #expect(ParticipantLanguage.preferred("", among: StudyLanguage.allCases) == nil)
  }
}
