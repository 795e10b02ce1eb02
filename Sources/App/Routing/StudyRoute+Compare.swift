import Foundation

extension StudyRoute {
  /// The "Sites compared" page and its forms, below `/studies/<slug>/compare`.
  enum CompareRoute: Hashable, Sendable {
    /// The page (GET, with `aggregate`, `question`, `threshold` in its query).
    case index
    /// Runs an aggregate analysis of every site's sorts (POST).
    case aggregate
    /// Runs one local analysis per site (POST).
    case local
    /// Saves the study's smallest group reported (POST).
    case smallestGroup
    /// A site's feedback report: HTML (prints to A4) and Word.
    case reportHTML(site: Parameter<UUID>)
    case reportDOCX(site: Parameter<UUID>)

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .aggregate: [.literal("aggregate")]
      case .local: [.literal("local")]
      case .smallestGroup: [.literal("smallest-group")]
      case .reportHTML(let site): [.literal("sites"), .parameter("site", site), .literal("report.html")]
      case .reportDOCX(let site): [.literal("sites"), .parameter("site", site), .literal("report.docx")]
      }
    }
  }
}

extension StudyRoute {
  /// The study page's address with a query (`?aggregate=…&threshold=…`), each value encoded.
  /// No query, no "?".
  func href(slug: String, query: [(name: String, value: String)]) -> String {
    guard !query.isEmpty else { return href(slug: slug) }
    var components = URLComponents()
    components.percentEncodedPath = href(slug: slug)
    components.queryItems = query.map { URLQueryItem(name: $0.name, value: $0.value) }
    return components.string ?? href(slug: slug)
  }
}
