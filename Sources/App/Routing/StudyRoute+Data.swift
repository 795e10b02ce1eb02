extension StudyRoute {
  /// The study's data, below `/studies/<slug>/data`: exports and the import of sorts.
  enum DataRoute: Hashable, Sendable {
    /// The page (GET).
    case index
    /// A download of the completed sorts in one format (`csv`, `dat`, … ; GET).
    case export(format: Parameter<String>)
    /// An uploaded file of sorts, answered with its preview (POST), and the preview confirmed.
    case importFile
    case importConfirm

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .export(let format): [.literal("export"), .parameter("format", format)]
      case .importFile: [.literal("import")]
      case .importConfirm: [.literal("import"), .literal("confirm")]
      }
    }
  }
}
