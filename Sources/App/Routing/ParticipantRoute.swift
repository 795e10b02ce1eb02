/// A participant's pages, below `/p/<code>` (``SiteRoute/participant(code:_:)``).
enum ParticipantRoute: Hashable, Sendable {
  /// Where they are in the study (GET) and one step of it (POST).
  case flow
  /// Consent given, or reconsidered (POST).
  case consent
  /// What withdrawing deletes (GET) and the withdrawal (POST).
  case withdraw

  var segments: [RouteSegment] {
    switch self {
    case .flow: []
    case .consent: [.literal("consent")]
    case .withdraw: [.literal("withdraw")]
    }
  }
}
