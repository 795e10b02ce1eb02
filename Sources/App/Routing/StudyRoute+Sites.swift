extension StudyRoute {
  /// The pages and forms of the study's `sites` area, below `/studies/<slug>/sites`.
  enum SitesRoute: Hashable, Sendable {
    /// The area's page (GET) and, where it has one, its main form (POST).
    case index

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      }
    }
  }
}
