import Foundation
import Testing
import VaporTesting

@testable import App

/// A participant page's Leaf context carries only the participant texts its template (and the layout
/// it extends) names, not the whole table: encoding the table into every page was the largest
/// application cost of a loaded server (issue 26).
@Suite("Participant page texts")
struct ParticipantPageTextsTests {
  /// The `t.<key>` names in a template file, found independently of the app's own scan.
  static func named(in file: String) throws -> Set<String> {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    var keys = Set<String>()
    for piece in text.components(separatedBy: "t.").dropFirst() {
      let key = piece.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
      if !key.isEmpty { keys.insert(String(key)) }
    }
    return keys
  }

  @Test("the presort page's context holds the texts of presort.leaf and the layout, and the page shows them")
  func presortTexts() async throws {
    try await withPOETQ { app in
      let texts = app.participantTexts
      let views = app.directory.viewsDirectory
      let wanted = try Self.named(in: views + "participant/presort.leaf")
        .union(try Self.named(in: views + "participant/layout.leaf"))
        .filter { texts.entries[$0] != nil }
      let page = ParticipantPage.envelope(
        template: "participant/presort", texts: texts, language: .en, title: "Presort", studyTitle: "A study")
      #expect(Set(page.t.keys) == wanted, "exactly the texts the template and its layout name")
      #expect(page.t.count < texts.entries.count / 4, "\(page.t.count) of \(texts.entries.count)")
      for template in ["welcome", "consent", "questions", "ranking", "placing", "review", "comments", "thanks"] {
        let keys = ParticipantPage.envelope(
          template: "participant/\(template)", texts: texts, language: .en, title: "", studyTitle: ""
        ).t.keys
        let layout = try Self.named(in: views + "participant/layout.leaf").filter { texts.entries[$0] != nil }
        #expect(Set(keys).isSuperset(of: layout), "\(template)")
        #expect(keys.count < texts.entries.count, "\(template)")
      }
      // A template that was not scanned still gets every text.
      #expect(texts.entries(for: "participant/none") == texts.entries)

      var (_, _, client) = try await ParticipantClient.openedTemplate(app)
      try await client.consent()
      try await client.answerAndContinue()
      #expect(client.presortStatement != nil)
      for key in ["presortHeading", "pileAgree", "pileDisagree", "pileNeutral", "skipToContent", "presortKeys"] {
        #expect(client.page.contains(texts(key).replacingOccurrences(of: "'", with: "&#39;")), "\(key) shown")
      }
    }
  }
}
