import Foundation

extension StudyRoute {
  /// Who works on the study, below `/studies/<slug>/people`.
  enum PeopleRoute: Hashable, Sendable {
    /// The list (GET) and a new member or invitation (POST).
    case index
    /// One member's role and sites saved (POST), or the member removed.
    case update(membership: Parameter<UUID>)
    case remove(membership: Parameter<UUID>)
    /// An invitation withdrawn (POST).
    case cancelInvitation(Parameter<UUID>)

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .update(let id): [.parameter("membership", id)]
      case .remove(let id): [.parameter("membership", id), .literal("remove")]
      case .cancelInvitation(let id): [.literal("invitations"), .parameter("invitation", id), .literal("cancel")]
      }
    }
  }
}
