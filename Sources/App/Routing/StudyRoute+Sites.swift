import Foundation

extension StudyRoute {
  /// The study's sites, below `/studies/<slug>/sites`.
  enum SitesRoute: Hashable, Sendable {
    /// The list (GET) and a new site (POST).
    case index
    /// One site renamed (POST) or removed.
    case update(Parameter<UUID>)
    case delete(Parameter<UUID>)

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .update(let id): [.parameter("id", id)]
      case .delete(let id): [.parameter("id", id), .literal("delete")]
      }
    }
  }
}
