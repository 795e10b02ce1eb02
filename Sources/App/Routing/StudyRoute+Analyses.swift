extension StudyRoute {
  /// The pages and forms of the study's `analyses` area, below `/studies/<slug>/analyses`.
  enum AnalysesRoute: Hashable, Sendable {
    /// The area's page (GET) and, where it has one, its main form (POST).
    case index

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      }
    }
  }
}
