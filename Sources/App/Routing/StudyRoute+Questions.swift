import Foundation

extension StudyRoute {
  /// The questionnaires' editor, below `/studies/<slug>/questions`.
  enum QuestionsRoute: Hashable, Sendable {
    /// The list (GET) and a new question (POST).
    case index
    /// One question: saved (POST), deleted, moved up or down.
    case update(Parameter<UUID>)
    case delete(Parameter<UUID>)
    case up(Parameter<UUID>)
    case down(Parameter<UUID>)

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .update(let id): [.parameter("id", id)]
      case .delete(let id): [.parameter("id", id), .literal("delete")]
      case .up(let id): [.parameter("id", id), .literal("up")]
      case .down(let id): [.parameter("id", id), .literal("down")]
      }
    }
  }
}
