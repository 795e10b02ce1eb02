import Foundation

extension StudyRoute {
  /// The study's participants, below `/studies/<slug>/participants`: the list and its forms, and
  /// one participant's page and forms.
  enum ParticipantsRoute: Hashable, Sendable {
    /// The list (GET, with `site`, `find`, `page` in its query).
    case index
    /// The personal links as CSV (GET).
    case linksCSV
    /// A list of people imported (upload), codes generated, the message texts saved (POST).
    case importList
    case generate
    case templates
    /// Invitations or reminders queued, failed messages tried again (POST).
    case sendInvitations
    case sendReminders
    case retry
    /// One participant's page (GET) and its forms: withdraw, label, reset a decline.
    case show(Parameter<UUID>)
    case withdraw(Parameter<UUID>)
    case label(Parameter<UUID>)
    case resetDecline(Parameter<UUID>)

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .linksCSV: [.literal("links.csv")]
      case .importList: [.literal("import")]
      case .generate: [.literal("generate")]
      case .templates: [.literal("templates")]
      case .sendInvitations: [.literal("send-invitations")]
      case .sendReminders: [.literal("send-reminders")]
      case .retry: [.literal("retry")]
      case .show(let id): [.parameter("id", id)]
      case .withdraw(let id): [.parameter("id", id), .literal("withdraw")]
      case .label(let id): [.parameter("id", id), .literal("label")]
      case .resetDecline(let id): [.parameter("id", id), .literal("reset-decline")]
      }
    }
  }
}
