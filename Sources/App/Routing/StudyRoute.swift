/// The pages and forms of one study, below `/studies/<slug>`. Each tab's area has its own enum in
/// `StudyRoute+<Area>.swift`, listing that area's pages and forms; `StudySection` (the tabs) points
/// at each area's first page.
enum StudyRoute: Hashable, Sendable {
  /// The study's overview (GET); its status (POST `status`) and copy (POST `copy`) forms.
  case overview
  case status
  case copy
  case statements(StatementsRoute = .index)
  case grid(GridRoute = .index)
  case questions(QuestionsRoute = .index)
  case texts(TextsRoute = .index)
  case sites(SitesRoute = .index)
  case participants(ParticipantsRoute = .index)
  case people(PeopleRoute = .index)
  case preview(PreviewRoute = .index)
  case monitor
  case data(DataRoute = .index)
  case analyses(AnalysesRoute = .index)
  case compare(CompareRoute = .index)

  var segments: [RouteSegment] {
    switch self {
    case .overview: []
    case .status: [.literal("status")]
    case .copy: [.literal("copy")]
    case .statements(let route): [.literal("statements")] + route.segments
    case .grid(let route): [.literal("grid")] + route.segments
    case .questions(let route): [.literal("questions")] + route.segments
    case .texts(let route): [.literal("texts")] + route.segments
    case .sites(let route): [.literal("sites")] + route.segments
    case .participants(let route): [.literal("participants")] + route.segments
    case .people(let route): [.literal("people")] + route.segments
    case .preview(let route): [.literal("preview")] + route.segments
    case .monitor: [.literal("monitor")]
    case .data(let route): [.literal("data")] + route.segments
    case .analyses(let route): [.literal("analyses")] + route.segments
    case .compare(let route): [.literal("compare")] + route.segments
    }
  }

  /// The study page's absolute address.
  func href(slug: String) -> String { SiteRoute.study(slug, self).href }
}
