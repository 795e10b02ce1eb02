import Foundation

extension StudyRoute {
  /// The Q-set editor's page and forms, below `/studies/<slug>/statements`.
  enum StatementsRoute: Hashable, Sendable {
    /// The list (GET) and a new statement (POST).
    case index
    /// A pasted or uploaded list of statements.
    case importList
    /// Numbers 1…N in the current order.
    case renumber
    /// One statement: saved (POST), deleted, moved up or down.
    case update(Parameter<UUID>)
    case delete(Parameter<UUID>)
    case up(Parameter<UUID>)
    case down(Parameter<UUID>)

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .importList: [.literal("import")]
      case .renumber: [.literal("renumber")]
      case .update(let id): [.parameter("id", id)]
      case .delete(let id): [.parameter("id", id), .literal("delete")]
      case .up(let id): [.parameter("id", id), .literal("up")]
      case .down(let id): [.parameter("id", id), .literal("down")]
      }
    }
  }
}
