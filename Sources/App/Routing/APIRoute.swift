import Vapor

/// The JSON API's study routes, below `/api/v1` (documented in `docs/openapi.yaml`, which
/// APITests+OpenAPI checks against the registered routes both ways). One value registers a route
/// (`.key` parameters, ``registered``) and makes its `Location` (`.value`s, ``href``).
enum APIRoute: AppRoute {
  /// The caller's studies (GET) and a new study (POST).
  case studies
  /// A new study from a data file (POST).
  case studyFromData
  /// A route of one study.
  case study(Parameter<String>, StudyAPIRoute)

  var segments: [RouteSegment] {
    [.literal("api"), .literal("v1")] + relative
  }

  /// The segments below `/api/v1`.
  private var relative: [RouteSegment] {
    switch self {
    case .studies: [.literal("studies")]
    case .studyFromData: [.literal("studies"), .literal("from-data")]
    case .study(let slug, let route): [.literal("studies"), .parameter("slug", slug)] + route.segments
    }
  }

  /// What the API's group (already below `/api/v1`) registers.
  var registered: [PathComponent] { Array(pathComponents.dropFirst(2)) }

  /// A study's route linked by its slug.
  static func study(_ slug: String, _ route: StudyAPIRoute = .show) -> APIRoute { .study(.value(slug), route) }
}

/// The routes of one study in the API, below `/api/v1/studies/<slug>`.
enum StudyAPIRoute: Hashable, Sendable {
  /// The study (GET, PATCH) and its status (POST).
  case show
  case status
  /// The Q-set (GET, PUT, POST) and one statement by its number (GET, PATCH, DELETE).
  case statements
  case statement(Parameter<Int>)
  /// The grid (GET, PUT) and a suggestion for it (GET).
  case distribution
  case distributionSuggestion
  /// The sites (GET, POST) and one site (GET, PATCH, DELETE).
  case sites
  case site(Parameter<UUID>)
  /// The participants (GET) and one's withdrawal (POST).
  case participants
  case withdrawParticipant(Parameter<UUID>)
  /// "How many factors?" (GET).
  case factorCount
  /// The analyses (GET, POST), one analysis (GET, DELETE), its options replayed (GET), a re-run
  /// (POST), a comparison with another (GET), a factor's interpretation (GET, PUT) and its downloads.
  case analyses
  case analysis(Parameter<UUID>)
  case analysisConfig(Parameter<UUID>)
  case analysisRerun(Parameter<UUID>)
  case analysisCompare(Parameter<UUID>, other: Parameter<UUID>)
  case factor(Parameter<UUID>, Parameter<Int>)
  case download(Parameter<UUID>, AnalysisDownload)
  /// A language's texts as the translator's spreadsheet (GET `translations/{tag}.csv`) and that
  /// spreadsheet stored (PUT `translations/{tag}`, `text/csv`).
  case translationsCSV(Parameter<String>)
  case translations(Parameter<String>)

  var segments: [RouteSegment] {
    switch self {
    case .show: []
    case .status: [.literal("status")]
    case .statements: [.literal("statements")]
    case .statement(let number): [.literal("statements"), .parameter("number", number)]
    case .distribution: [.literal("distribution")]
    case .distributionSuggestion: [.literal("distribution"), .literal("suggestion")]
    case .sites: [.literal("sites")]
    case .site(let id): [.literal("sites"), .parameter("id", id)]
    case .participants: [.literal("participants")]
    case .withdrawParticipant(let id): [.literal("participants"), .parameter("id", id), .literal("withdraw")]
    case .factorCount: [.literal("factor-count")]
    case .analyses: [.literal("analyses")]
    case .analysis(let id): [.literal("analyses"), .parameter("id", id)]
    case .analysisConfig(let id): [.literal("analyses"), .parameter("id", id), .literal("config")]
    case .analysisRerun(let id): [.literal("analyses"), .parameter("id", id), .literal("rerun")]
    case .analysisCompare(let id, let other):
      [.literal("analyses"), .parameter("id", id), .literal("compare"), .parameter("other", other)]
    case .factor(let id, let factor):
      [.literal("analyses"), .parameter("id", id), .literal("factors"), .parameter("factor", factor)]
    case .download(let id, let download): [.literal("analyses"), .parameter("id", id), .literal(download.rawValue)]
    case .translationsCSV(let tag): [.literal("translations"), .parameter("tag", tag, extension: "csv")]
    case .translations(let tag): [.literal("translations"), .parameter("tag", tag)]
    }
  }
}
