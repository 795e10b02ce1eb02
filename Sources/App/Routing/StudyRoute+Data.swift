extension StudyRoute {
  /// The pages and forms of the study's `data` area, below `/studies/<slug>/data`.
  enum DataRoute: Hashable, Sendable {
    /// The area's page (GET) and, where it has one, its main form (POST).
    case index

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      }
    }
  }
}
