extension StudyRoute {
  /// The pages and forms of the study's `people` area, below `/studies/<slug>/people`.
  enum PeopleRoute: Hashable, Sendable {
    /// The area's page (GET) and, where it has one, its main form (POST).
    case index

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      }
    }
  }
}
