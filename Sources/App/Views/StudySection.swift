/// The tabs of a study's builder pages, in the order they are shown. A tab is a case here (its title
/// and its first page's ``StudyRoute``); the header's tabs and their links come from here.
enum StudySection: String, CaseIterable, Sendable {
  case overview
  case statements
  case grid
  case questions
  case texts
  case sites
  case participants
  case people
  case preview
  case monitor
  case data
  case analyses
  case compare

  /// The tab's label.
  var title: String {
    switch self {
    case .overview: "Overview"
    case .statements: "Statements"
    case .grid: "Grid"
    case .questions: "Questions"
    case .texts: "Texts and settings"
    case .sites: "Sites"
    case .participants: "Participants"
    case .people: "People"
    case .preview: "Preview"
    case .monitor: "Monitor"
    case .data: "Data"
    case .analyses: "Analyses"
    case .compare: "Sites compared"
    }
  }

  /// The section's first page: the tab links here.
  var route: StudyRoute {
    switch self {
    case .overview: .overview
    case .statements: .statements()
    case .grid: .grid()
    case .questions: .questions()
    case .texts: .texts()
    case .sites: .sites()
    case .participants: .participants()
    case .people: .people()
    case .preview: .preview()
    case .monitor: .monitor
    case .data: .data()
    case .analyses: .analyses()
    case .compare: .compare()
    }
  }

  /// The section's address under the study (`/studies/<slug>` for the overview).
  func path(slug: String) -> String { route.href(slug: slug) }
}
