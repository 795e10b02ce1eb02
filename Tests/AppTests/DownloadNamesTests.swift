import POETQKit
import Testing
import VaporTesting

@testable import App

/// Every export and report is named by one rule (RFC 6266 with RFC 8187 for names outside ASCII) and
/// every slug is made by one function.
@Suite("Download names and slugs")
struct DownloadNamesTests {
  @Test("an ASCII name stands alone; any other name gets an ASCII stand-in and filename*")
  func contentDisposition() {
    #expect(Response.contentDisposition(.attachment, name: "poetq.csv") == "attachment; filename=\"poetq.csv\"")
    #expect(
      Response.contentDisposition(.inline, name: "demo-zürich-北-feedback.html")
        == "inline; filename=\"demo-zurich-_-feedback.html\"; filename*=UTF-8''demo-z%C3%BCrich-%E5%8C%97-feedback.html"
    )
    // Quotes, backslashes, semicolons and control characters never reach the quoted stand-in.
    #expect(
      Response.contentDisposition(.attachment, name: "a\"b\\c;d\ne.csv")
        == "attachment; filename=\"a_b_c_d_e.csv\"; filename*=UTF-8''a%22b%5Cc%3Bd%0Ae.csv")
  }

  @Test("a download is typed, named and never cached")
  func download() {
    let response = Response.download(Data("x".utf8), name: "s.csv", type: "text/csv; charset=utf-8")
    #expect(response.headers.first(name: .contentType) == "text/csv; charset=utf-8")
    #expect(response.headers.first(name: .cacheControl) == "no-store")
    #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"s.csv\"")
  }

  @Test("slugs: lower case, accents folded, one hyphen per run, words and length bounded, a fallback")
  func slugs() {
    #expect(Slug.make("Zürich — Ost Site!", fallback: "site") == "zurich-ost-site")
    #expect(Slug.make("  ", fallback: "study") == "study")
    #expect(
      Slug.make("one two three four five six seven eight nine ten", fallback: "x")
        == "one-two-three-four-five-six-seven-eight")
    #expect(Slug.make(String(repeating: "a", count: 59) + " b", fallback: "x") == String(repeating: "a", count: 59))
    #expect(Slug.make("Αθήνα 北京", fallback: "x") == "αθηνα-北京")
  }
}
