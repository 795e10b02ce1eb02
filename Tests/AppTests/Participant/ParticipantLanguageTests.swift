import Testing

@testable import App

/// Which language a participant's page speaks (issue 29): `?lang=`, then the participant's own,
/// then the browser's `Accept-Language`, then the study's; only languages the study offers.
@Suite("Participant language")
struct ParticipantLanguageTests {
  let offered: [StudyLanguage] = [.en, .fr, .ar]

  func resolve(query: String? = nil, stored: String? = nil, accept: String? = nil, source: StudyLanguage = .en)
    -> StudyLanguage
  {
    ParticipantLanguage.resolve(query: query, stored: stored, acceptLanguage: accept, offered: offered, source: source)
  }

  @Test("?lang= beats the stored language, which beats Accept-Language, which beats the study's")
  func order() {
    #expect(resolve(query: "ar", stored: "fr", accept: "fr") == .ar)
    #expect(resolve(stored: "fr", accept: "ar") == .fr)
    #expect(resolve(accept: "ar") == .ar)
    #expect(resolve() == .en)
    #expect(resolve(source: .fr) == .fr)
  }

  @Test("a language not offered is passed over at every level, and a bogus value is ignored")
  func notOffered() {
    #expect(resolve(query: "de", stored: "fr") == .fr, "German is not offered: the stored French")
    #expect(resolve(query: "de", accept: "ar") == .ar)
    #expect(resolve(stored: "de", accept: "fr") == .fr, "a stored language no longer offered")
    #expect(resolve(query: "<script>", accept: "fr") == .fr)
    #expect(resolve(query: "", stored: "", accept: "") == .en)
    #expect(resolve(query: "french", accept: "xx, yy;q=0.5") == .en)
    #expect(resolve(query: String(repeating: "f", count: 10_000)) == .en)
  }

  @Test("?lang= and stored tags match by primary subtag, without case")
  func subtags() {
    #expect(resolve(query: "FR-ca") == .fr)
    #expect(resolve(query: "ar_EG") == .ar)
    #expect(resolve(stored: "fr") == .fr)
  }

  @Test("Accept-Language: q-values ordered, q=0 excluded, primary subtags, the wildcard")
  func acceptLanguage() {
    #expect(resolve(accept: "de-DE, fr-CH;q=0.9, en;q=0.8") == .fr, "German not offered: the next one")
    #expect(resolve(accept: "en;q=0.2, ar;q=0.9") == .ar, "by weight, not by order")
    #expect(resolve(accept: "fr;q=0.5, ar;q=0.5") == .fr, "equal weights keep the header's order")
    #expect(resolve(accept: "fr;q=0, ar;q=0.1") == .ar, "q=0 is a refusal")
    #expect(resolve(accept: "fr;q=0", source: .fr) == .fr, "nothing acceptable: the study's own language")
    #expect(resolve(accept: "de, *;q=0.5") == .en, "the wildcard: the first offered, the study's own")
    #expect(resolve(accept: "en;q=0, *") == .fr, "the wildcard skips a refused language")
    #expect(resolve(accept: "fr;q=abc, ar;q=0.3") == .ar, "an unreadable weight is not preferred")
    #expect(resolve(accept: "fr;q=2, ar;q=0.3") == .ar, "a weight out of range is not preferred")
    #expect(resolve(accept: ",;,=;q=,*;;") == .en, "garbage falls back, never traps")
    #expect(resolve(accept: " AR ; Q=1 ") == .ar)
  }

  @Test("the switcher: one link per offered language, the current one marked, the page's query kept")
  func switcher() {
    let links = ParticipantPage.LanguageLink.switcher(
      offered: offered, current: .fr, path: "/p/CODE", query: "step=consent")
    #expect(
      links.map(\.href) == [
        "/p/CODE?step=consent&lang=en", "/p/CODE?step=consent&lang=fr", "/p/CODE?step=consent&lang=ar",
      ])
    #expect(links.map(\.current) == [false, true, false])
    #expect(links.map(\.autonym) == ["English", "Français", "العربية"])
    #expect(ParticipantPage.LanguageLink.switcher(offered: [.en], current: .en, path: "/p/CODE").isEmpty)
  }
}
