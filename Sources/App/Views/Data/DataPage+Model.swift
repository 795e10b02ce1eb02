/// The study's data (`/studies/<slug>/data`): downloads of the completed sorts in every format and
/// the upload of sorts collected elsewhere. Its model is built by
/// ``DataPage/query(studyID:slug:siteIDs:canExport:on:)``; the upload's answer is ``ImportPreviewPage``.
enum DataPage {
  static let template = "builder/data"

  struct Model: Encodable, Sendable {
    var completed: Int
    /// The completed sorts by the language they were made in ("English 10, French 2"), when they
    /// were made in more than one; empty otherwise.
    var byLanguage: String
    var downloads: [Download]
    var canExport: Bool
    /// The sites the member sees (an import needs one).
    var sites: [Choice]
    /// Where the file of sorts is uploaded.
    var importFile: String
  }

  struct Download: Encodable, Sendable {
    var format: String
    var label: String
    var hint: String
    var href: String
  }
}

extension DataPage.Download {
  init(_ format: StudyDataController.Format, slug: String) {
    self.init(
      format: format.rawValue, label: format.label, hint: format.hint,
      href: StudyRoute.data(.export(format: .value(format.rawValue))).href(slug: slug))
  }
}

extension DataPage.Model {
  init(completed: Int, byLanguage: String = "", canExport: Bool, sites: [Choice], slug: String) {
    self.init(
      completed: completed, byLanguage: byLanguage,
      downloads: StudyDataController.Format.allCases.map { DataPage.Download($0, slug: slug) },
      canExport: canExport, sites: sites, importFile: StudyRoute.data(.importFile).href(slug: slug))
  }

  /// A researcher's page: 12 sorts in two languages, two sites.
  static let mock = Self(
    completed: 12, byLanguage: "English 9, French 3", canExport: true,
    sites: [
      Choice(value: "00000000-0000-0000-0000-000000000301", label: "North", selected: false),
      Choice(value: "00000000-0000-0000-0000-000000000302", label: "South", selected: false),
    ], slug: "mock-study")
}

/// The preview of an uploaded file of sorts: each sort valid or with its problems, and the form that
/// imports them at a site (the file comes back in it).
enum ImportPreviewPage {
  static let template = "builder/import-preview"

  struct Model: Encodable, Sendable {
    var fileName: String
    var format: String
    var notes: [String]
    var rows: [Row]
    var valid: Int
    var invalid: Int
    var sites: [Choice]
    var payload: String
    var textsName: String
    var textsPayload: String
    var error: String?
    /// Where the import is confirmed, and the way back to the Data page.
    var confirm: String
    var cancel: String
  }

  struct Row: Encodable, Sendable {
    var position: Int
    var id: String
    var valid: Bool
    var problems: String
  }
}

extension ImportPreviewPage.Model {
  /// A PQMethod file of three sorts, one of them invalid.
  static let mock = Self(
    fileName: "pilot.DAT", format: "PQMethod .DAT", notes: ["Statement texts from pilot.STA."],
    rows: [
      .init(position: 1, id: "A1", valid: true, problems: ""),
      .init(position: 2, id: "A2", valid: false, problems: "statement 7 placed twice; column +4 holds 3, the grid 2"),
      .init(position: 3, id: "B1", valid: true, problems: ""),
    ], valid: 2, invalid: 1, sites: DataPage.Model.mock.sites, payload: "UElMT1Q=", textsName: "pilot.STA",
    textsPayload: "U1RB", error: nil, confirm: StudyRoute.data(.importConfirm).href(slug: "mock-study"),
    cancel: StudyRoute.data().href(slug: "mock-study"))
}
