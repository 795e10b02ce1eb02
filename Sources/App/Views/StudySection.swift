/// The tabs of a study's builder pages, in the order they are shown. Adding a page to a study is a
/// case here (its title and path) and a template: the header's tabs and their links come from here.
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

  /// The section's address under the study (`/studies/<slug>` for the overview).
  func path(slug: String) -> String {
    self == .overview ? StudyLinks.study(slug) : "\(StudyLinks.study(slug))/\(rawValue)"
  }
}

/// The addresses of a study's pages, so controllers and templates never spell them by hand.
enum StudyLinks {
  static let studies = "/studies"

  static func study(_ slug: String) -> String { "/studies/\(slug)" }
}
