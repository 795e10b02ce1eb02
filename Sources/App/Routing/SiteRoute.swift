/// Every page and form of the app's web interface outside the JSON API and the static files. Study
/// pages are `.study(slug, StudyRoute)`; everything else is a case here.
enum SiteRoute: AppRoute {
  /// The start page.
  case home
  case login
  case logout
  /// First-run setup: the first owner account.
  case setup
  /// An invitation to join as a researcher.
  case join(token: Parameter<String>)
  /// The list of studies (GET) and a new blank study (POST).
  case studies
  /// A copy of the demo study (POST).
  case demoStudy
  /// A new study from PQMethod, CSV or KADE data: the upload form, its preview and the confirmation.
  case studyFromData
  case studyFromDataConfirm
  /// A page or form of one study.
  case study(Parameter<String>, StudyRoute)
  /// A participant's pages, by their personal code (``ParticipantRoute``).
  case participant(code: Parameter<String>, ParticipantRoute)
  /// A study's open-access page, where anyone with the link starts (`/s/<slug>`).
  case openAccess(slug: Parameter<String>)

  var segments: [RouteSegment] {
    switch self {
    case .home: []
    case .login: [.literal("login")]
    case .logout: [.literal("logout")]
    case .setup: [.literal("setup")]
    case .join(let token): [.literal("join"), .parameter("token", token)]
    case .studies: [.literal("studies")]
    case .demoStudy: [.literal("studies"), .literal("demo")]
    case .studyFromData: [.literal("studies"), .literal("from-data")]
    case .studyFromDataConfirm: [.literal("studies"), .literal("from-data"), .literal("confirm")]
    case .study(let slug, let route): [.literal("studies"), .parameter("slug", slug)] + route.segments
    case .participant(let code, let route): [.literal("p"), .parameter("code", code)] + route.segments
    case .openAccess(let slug): [.literal("s"), .parameter("slug", slug)]
    }
  }

  /// A study's page linked by its slug.
  static func study(_ slug: String, _ route: StudyRoute = .overview) -> SiteRoute { .study(.value(slug), route) }

  /// Whether `path` is one of a participant's addresses (their link `/p/<code>…`, open access
  /// `/s/<slug>`): pages in the participant's language, with the participant's error page.
  static func isParticipantPath(_ path: String) -> Bool {
    [SiteRoute.participant(code: .key, .flow), .openAccess(slug: .key)].contains { route in
      guard case .literal(let first)? = route.segments.first else { return false }
      return path.hasPrefix("/\(first)/")
    }
  }

  /// A participant's page linked by their code.
  static func participant(_ code: String, _ route: ParticipantRoute = .flow) -> SiteRoute {
    .participant(code: .value(code), route)
  }
}
