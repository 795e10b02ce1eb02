import Foundation

extension StudyRoute {
  /// The Analyses tab's pages and forms, below `/studies/<slug>/analyses`: the list and the run form,
  /// "How many factors?" and the factor tree, one analysis with its adjustments, compare page,
  /// factor pages and downloads.
  enum AnalysesRoute: Hashable, Sendable {
    /// The list (GET) and a new run (POST).
    case index
    /// The run form.
    case new
    /// "How many factors?" (GET) and one of its solutions kept as an analysis (POST).
    case factorCount
    case promote
    /// The factor tree beside "How many factors?".
    case factorTree
    /// One analysis's page.
    case show(Parameter<UUID>)
    /// Its run's state as JSON, for the page's script.
    case status(Parameter<UUID>)
    /// The options file `poetq analyze --config` replays.
    case config(Parameter<UUID>)
    /// The analysis compared with another (`?with=<id>`).
    case compare(Parameter<UUID>)
    /// Its forms: re-run, delete, carry one interpretation over.
    case rerun(Parameter<UUID>)
    case delete(Parameter<UUID>)
    case carry(Parameter<UUID>)
    /// Flags, inversion and splitting by hand (GET the page, POST a new analysis).
    case flags(Parameter<UUID>)
    /// Judgmental rotation (GET the page, POST a new analysis).
    case rotate(Parameter<UUID>)
    /// One factor's interpretation page (GET) and its save (POST).
    case factor(Parameter<UUID>, Parameter<Int>)
    /// A report or export of the analysis (`report.html`, `report.docx`, `workbook.xlsx`, …).
    case download(Parameter<UUID>, AnalysisDownload)

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .new: [.literal("new")]
      case .factorCount: [.literal("factor-count")]
      case .promote: [.literal("promote")]
      case .factorTree: [.literal("factor-tree")]
      case .show(let id): [.parameter("id", id)]
      case .status(let id): [.parameter("id", id), .literal("status")]
      case .config(let id): [.parameter("id", id), .literal("config.json")]
      case .compare(let id): [.parameter("id", id), .literal("compare")]
      case .rerun(let id): [.parameter("id", id), .literal("rerun")]
      case .delete(let id): [.parameter("id", id), .literal("delete")]
      case .carry(let id): [.parameter("id", id), .literal("carry")]
      case .flags(let id): [.parameter("id", id), .literal("flags")]
      case .rotate(let id): [.parameter("id", id), .literal("rotate")]
      case .factor(let id, let factor): [.parameter("id", id), .literal("factors"), .parameter("factor", factor)]
      case .download(let id, let download): [.parameter("id", id), .literal(download.rawValue)]
      }
    }
  }
}
