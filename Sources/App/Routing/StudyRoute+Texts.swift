extension StudyRoute {
  /// The texts and settings, at `/studies/<slug>/texts`: the page (GET) and its save (POST); the
  /// translator's spreadsheet of a language (GET `translations/<tag>.csv`), a new language's empty
  /// one (GET `translations/new?language=<tag>`, from the page's "add a language" form) and a filled
  /// one uploaded (POST `translations`, multipart: `language` and `file`).
  enum TextsRoute: Hashable, Sendable {
    case index
    case translation(Parameter<String>)
    case newTranslation
    case uploadTranslation

    var segments: [RouteSegment] {
      switch self {
      case .index: []
      case .translation(let tag): [.literal("translations"), .parameter("tag", tag, extension: "csv")]
      case .newTranslation: [.literal("translations"), .literal("new")]
      case .uploadTranslation: [.literal("translations")]
      }
    }
  }
}
