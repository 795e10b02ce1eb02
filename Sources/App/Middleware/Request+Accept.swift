import Vapor

extension Request {
  /// Whether the client prefers JSON to HTML, by the q-values of its `Accept` header (RFC 9110
  /// §12.5.1: the most specific range that matches a type gives its q). A browser's native form post
  /// (`text/html,…,*/*;q=0.8`) prefers HTML; `participant.js` and API clients send
  /// `application/json`. Otherwise-equal ties go to HTML, so the page is the default.
  var prefersJSON: Bool {
    guard let header = headers.first(name: .accept) else { return false }
    var ranges: [String: Double] = [:]
    for part in header.split(separator: ",") {
      let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      guard let range = pieces.first, !range.isEmpty else { continue }
      let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
      ranges[range] = max(ranges[range] ?? 0, q)
    }
    /// The q a type gets, and whether it was named itself (not through a wildcard).
    func quality(_ specific: [String], _ family: String) -> (q: Double, named: Bool) {
      if let named = specific.compactMap({ ranges[$0] }).max() { return (named, true) }
      return (ranges[family] ?? ranges["*/*"] ?? 0, false)
    }
    let json = quality(["application/json"], "application/*")
    let html = quality(["text/html", "application/xhtml+xml"], "text/*")
    // At equal q, a type named outright beats one reached through `*/*`.
    return json.q > html.q || (json.q == html.q && json.q > 0 && json.named && !html.named)
  }

  /// Whether errors for this request are answered as JSON: the API, and clients that prefer JSON.
  var answersInJSON: Bool {
    url.path.hasPrefix("/api/") || prefersJSON
  }
}
