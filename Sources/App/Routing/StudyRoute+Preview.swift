extension StudyRoute {
  /// The preview, below `/studies/<slug>/preview`.
  enum PreviewRoute: Hashable, Sendable {
    /// The participant's pages one after another (GET).
    case index
    /// Trying the study as a throw-away participant (POST).
    case participant

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .participant: [.literal("participant")]
      }
    }
  }
}
