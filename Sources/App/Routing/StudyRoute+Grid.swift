extension StudyRoute {
  /// The distribution editor, at `/studies/<slug>/grid`: the page (GET, with `?min=&max=` for a
  /// suggestion) and its save (POST).
  enum GridRoute: Hashable, Sendable {
    case index

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      }
    }
  }
}
