extension StudyRoute {
  /// The texts and settings, at `/studies/<slug>/texts`: the page (GET) and its save (POST).
  enum TextsRoute: Hashable, Sendable {
    case index

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      }
    }
  }
}
