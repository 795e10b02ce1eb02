import POETQKit
import QMethod

/// The "New study from data" pages: the upload form, and the preview of the study a file would make.
enum StudyFromDataPage {
  static let formTemplate = "studies/from-data"
  static let previewTemplate = "studies/from-data-preview"

  /// The upload form, with the reason the last upload was refused.
  struct Form: Encodable, Sendable {
    var error: String?
    /// Where the files are sent to be checked, and the way back to the studies.
    var action = SiteRoute.studyFromData.href
    var cancel = SiteRoute.studies.href
  }

  /// What the confirmation would create, and the upload posted back to create it.
  struct Preview: Encodable, Sendable {
    var fileName: String
    var textsName: String
    var format: String
    /// The new study's title (not `title`, which is the page's own in the layout).
    var studyTitle: String
    var statementCount: Int
    /// "−4…+4, forced: 2 3 4 5 5 5 4 3 2" or "−3…+3, free".
    var grid: String
    var siteName: String
    var sortCount: Int
    var valid: Int
    var leftOut: [LeftOut]
    var encoding: [String]
    var notes: [String]
    /// Said before anything is created when the file names no statement (a .DAT without its .STA):
    /// what is missing and what the statements will be called instead.
    var missingTexts: String?
    var payload: String
    var textsPayload: String
    /// Where the confirmation posts, and the way back to the upload form.
    var confirm = SiteRoute.studyFromDataConfirm.href
    var chooseAnother = SiteRoute.studyFromData.href
  }

  struct LeftOut: Encodable, Sendable {
    var position: Int
    var id: String
    var reason: String
  }

  static func preview(_ plan: StudyFromData.Plan, upload: SortImport.Upload) -> Preview {
    let low = plan.columns.first.map { GridRules.scoreName($0.score) } ?? ""
    let high = plan.columns.last.map { GridRules.scoreName($0.score) } ?? ""
    let grid =
      plan.forced
      ? "\(low)…\(high), forced: \(plan.columns.map { String($0.capacity) }.joined(separator: " ")) statements per column"
      : "\(low)…\(high), free (any number of statements per column)"
    return Preview(
      fileName: upload.fileName, textsName: upload.textsFileName ?? "",
      format: StudyDataController.formatNames[plan.format] ?? formatName(plan.format), studyTitle: plan.title,
      statementCount: plan.statements.count, grid: grid, siteName: plan.siteName,
      sortCount: plan.screen.sorts.count, valid: plan.screen.validCount,
      leftOut: plan.screen.sorts.filter { !$0.isValid }.map {
        LeftOut(position: $0.position, id: $0.sourceID, reason: $0.problems.joined(separator: "; "))
      }, encoding: plan.encoding, notes: plan.notes,
      missingTexts: missingTexts(
        plan.untitledStatements, of: plan.statements.count, format: plan.format, upload: upload),
      payload: upload.data.base64EncodedString(), textsPayload: upload.texts?.base64EncodedString() ?? "")
  }

  /// The warning for statements without a text, or `nil` when every statement has one.
  static func missingTexts(_ untitled: [Int], of count: Int, format: QDataFormat, upload: SortImport.Upload)
    -> String?
  {
    guard let first = untitled.first, let last = untitled.last else { return nil }
    let names = untitled.count == 1 ? "“Statement \(first)”" : "“Statement \(first)” to “Statement \(last)”"
    if format == .pqmethodDAT, upload.texts == nil {
      return "No statement texts: a .DAT holds only the sorts, and no .STA came with it. "
        + "The \(count) statements will be called \(names). To keep their wording, choose another file and "
        + "send the .STA with the .DAT."
    }
    return "\(untitled.count == count ? "No statement has" : "\(untitled.count) of the \(count) statements have") "
      + "a text in \(upload.fileName): \(untitled.count == 1 ? "it" : "they") will be called \(names), "
      + "and the Q-set cannot change once the sorts are imported."
  }

  /// Names for the formats the Data tab's list leaves out.
  static func formatName(_ format: QDataFormat) -> String {
    switch format {
    case .kadeXLSX: "KADE workbook (.xlsx)"
    case .webSortCSV: "web sort CSV"
    default: format.rawValue
    }
  }
}

extension StudyFromDataPage.Preview {
  /// A PQMethod file of nine sorts, one left out, read without its .STA: the snapshot's page.
  static let mock = StudyFromDataPage.Preview(
    fileName: "LIPSET.DAT", textsName: "", format: "PQMethod .DAT", studyTitle: "Lipset", statementCount: 33,
    grid: "−5…+5, forced: 2 3 3 3 4 4 4 3 3 2 2 statements per column", siteName: "LIPSET", sortCount: 9, valid: 8,
    leftOut: [.init(position: 4, id: "US4", reason: "Column +5 holds 3 statements; the grid has room for 2.")],
    encoding: ["UTF-8"], notes: [],
    missingTexts: "No statement texts: a .DAT holds only the sorts, and no .STA came with it. The 33 statements "
      + "will be called “Statement 1” to “Statement 33”. To keep their wording, choose another file and send the "
      + ".STA with the .DAT.",
    payload: "UEFZTE9BRA==", textsPayload: "")
}
