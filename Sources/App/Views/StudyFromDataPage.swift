import POETQKit
import QMethod

/// The "New study from data" pages: the upload form, and the preview of the study a file would make.
enum StudyFromDataPage {
  /// The upload form, with the reason the last upload was refused.
  struct Form: Encodable {
    var error: String?
  }

  /// What the confirmation would create, and the upload posted back to create it.
  struct Preview: Encodable {
    var fileName: String
    var textsName: String
    var format: String
    var title: String
    var statementCount: Int
    /// "−4…+4, forced: 2 3 4 5 5 5 4 3 2" or "−3…+3, free".
    var grid: String
    var siteName: String
    var sortCount: Int
    var valid: Int
    var leftOut: [LeftOut]
    var encoding: [String]
    var notes: [String]
    var payload: String
    var textsPayload: String
  }

  struct LeftOut: Encodable {
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
      format: StudyDataController.formatNames[plan.format] ?? formatName(plan.format), title: plan.title,
      statementCount: plan.statements.count, grid: grid, siteName: plan.siteName,
      sortCount: plan.screen.sorts.count, valid: plan.screen.validCount,
      leftOut: plan.screen.sorts.filter { !$0.isValid }.map {
        LeftOut(position: $0.position, id: $0.sourceID, reason: $0.problems.joined(separator: "; "))
      }, encoding: plan.encoding, notes: plan.notes, payload: upload.data.base64EncodedString(),
      textsPayload: upload.texts?.base64EncodedString() ?? "")
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
