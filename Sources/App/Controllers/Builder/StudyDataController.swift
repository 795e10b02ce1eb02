import Fluent
import POETQKit
import QMethod
import Vapor

/// The study's data (the "Data" tab): downloads of the completed sorts in every format, and the
/// import of sorts collected elsewhere with a preview and a row-by-row report.
///
/// Who may do what: viewers see the tab and how many sorts there are; exports and imports need the
/// researcher role. An export holds personal data (answers, comments, the participants' codes), so
/// it is kept to the people who run the study, and every export is recorded in the audit log.
struct StudyDataController: RouteCollection {
  /// The largest upload: a PQMethod file of 999 sorts × 80 statements is ~170 kB; CSV and JSON
  /// exports of thousands of sorts stay well below this.
  static let maxUpload = BodyLimit.dataUpload

  /// The export formats: route name, file suffix, content type, what the page says.
  enum Format: String, CaseIterable {
    case csv, json, dat, sta, kade, qmethod

    var label: String {
      switch self {
      case .csv: "CSV: one row per participant"
      case .json: "JSON: the same, as objects"
      case .dat: "PQMethod .DAT"
      case .sta: "PQMethod .STA (statement texts)"
      case .kade: "KADE CSV (sorts as rows)"
      case .qmethod: "qmethod CSV (statements as rows)"
      }
    }

    var hint: String {
      switch self {
      case .csv: "site, timings, answers, comments and the score of every statement"
      case .json: "with the Q-set and the grid"
      case .dat: "the sorts in PQMethod's fixed columns; put the .STA beside it"
      case .sta: "one statement per line, in number order"
      case .kade: "KADE's \"Load CSV File\""
      case .qmethod: "in R: read.csv(\"file.csv\", row.names = 1), then qmethod(…)"
      }
    }

    func fileName(_ slug: String) -> String {
      switch self {
      case .csv: "\(slug).csv"
      case .json: "\(slug).json"
      case .dat: "\(slug).DAT"
      case .sta: "\(slug).STA"
      case .kade: "\(slug)-kade.csv"
      case .qmethod: "\(slug)-qmethod.csv"
      }
    }

    var contentType: String {
      switch self {
      case .csv, .kade, .qmethod: "text/csv; charset=utf-8"
      case .json: "application/json"
      case .dat, .sta: "text/plain; charset=utf-8"
      }
    }

    func encode(_ export: StudyDataExport) throws(QMethodError) -> Data {
      switch self {
      case .csv: export.csv()
      case .json: export.json()
      case .dat: try export.pqmethodDAT()
      case .sta: try export.pqmethodSTA()
      case .kade: try export.kadeCSV()
      case .qmethod: try export.qmethodCSV()
      }
    }
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.data(), use: index)
    area.page(.data(.export(format: .key)), use: export)
    area.upload(.data(.importFile), limit: BodyLimit.dataUpload, use: preview)
    area.upload(.data(.importConfirm), limit: BodyLimit.dataImportConfirm, use: confirm)
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  private func render(_ req: Request, context: StudyContext, error: String? = nil) async throws -> View {
    let model = try await DataPage.query(
      studyID: context.studyID, slug: context.study.slug, siteIDs: context.grant.siteIDs,
      canExport: context.role >= .researcher, on: req.db)
    return try await req.renderStudyPage(DataPage.template, context, section: .data, model, error: error)
  }

  // MARK: - Export

  func export(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    guard let format = req.parameters.get("format").flatMap(Format.init(rawValue:)) else {
      throw Abort(.notFound, reason: "There is no such export format.")
    }
    let export = try await StudySorts.export(context.study, sites: context.grant.siteIDs, on: req.db)
    let body: Data
    do {
      body = try format.encode(export)
    } catch {
      throw Abort(.unprocessableEntity, reason: "The \(format.label) export cannot be written: \(error.webMessage)")
    }
    try await AuditEvent(
      studyID: context.studyID, userID: context.userID, action: "data.exported",
      detail: "\(format.rawValue): \(export.sorts.count) sort\(export.sorts.count == 1 ? "" : "s")"
    ).save(on: req.db)
    return Response.download(body, name: format.fileName(context.study.slug), type: format.contentType)
  }

  // MARK: - Import

  struct UploadForm: Content {
    var file: File?
    var texts: File?
  }

  /// Reads the upload and shows each sort with its problems, and the confirm form.
  func preview(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(UploadForm.self)
    guard let file = form.file, file.data.readableBytes > 0 else {
      return try await refuse(req, context, "File: choose the file of sorts to import.")
    }
    let texts = form.texts.flatMap { $0.data.readableBytes > 0 ? $0 : nil }
    let upload = SortImport.Upload(
      fileName: file.filename, data: Data(buffer: file.data), textsFileName: texts?.filename,
      texts: texts.map { Data(buffer: $0.data) })
    return try await showPreview(req, context, upload)
  }

  private func showPreview(
    _ req: Request, _ context: StudyContext, _ upload: SortImport.Upload, error: String? = nil
  ) async throws -> Response {
    let screen: SortImportScreen
    do {
      screen = try await SortImport.screen(upload, study: context.study, on: req.db)
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      return try await refuse(req, context, error.reason)
    }
    let slug = context.study.slug
    let model = ImportPreviewPage.Model(
      fileName: upload.fileName,
      format: Self.formatNames[screen.format] ?? screen.format.rawValue, notes: screen.notes,
      rows: screen.sorts.map {
        ImportPreviewPage.Row(
          position: $0.position, id: $0.sourceID, valid: $0.isValid, problems: $0.problems.joined(separator: "; "))
      }, valid: screen.validCount, invalid: screen.invalidCount,
      sites: try await DataPage.sites(studyID: context.studyID, siteIDs: context.grant.siteIDs, on: req.db),
      payload: upload.data.base64EncodedString(), textsName: upload.textsFileName ?? "",
      textsPayload: upload.texts?.base64EncodedString() ?? "", error: error,
      confirm: StudyRoute.data(.importConfirm).href(slug: slug), cancel: StudyRoute.data().href(slug: slug))
    let response = try await req.renderStudyPage(
      ImportPreviewPage.template, context, section: .data, title: "Import preview", model
    ).encodeResponse(for: req)
    if error != nil { response.status = .unprocessableEntity }
    return response
  }

  struct ConfirmForm: Content {
    var fileName: String
    var payload: String
    var textsName: String?
    var textsPayload: String?
    var site: String?
    var skipInvalid: String?
  }

  /// Reads the upload again (it came back in the form) and imports it, all or nothing.
  func confirm(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(ConfirmForm.self)
    guard let data = Data(base64Encoded: form.payload) else {
      throw Abort(.badRequest, reason: "The uploaded file did not come back intact; upload it again.")
    }
    let texts = form.textsPayload.flatMap { $0.isEmpty ? nil : Data(base64Encoded: $0) }
    let upload = SortImport.Upload(
      fileName: form.fileName, data: data, textsFileName: form.textsName, texts: texts)
    guard let siteID = form.site.flatMap(UUID.init(uuidString:)), context.grant.sees(site: siteID),
      let site = try await Site.query(on: req.db).filter(\.$id == siteID).filter(\.$study.$id == context.studyID)
        .first()
    else { return try await refuse(req, context, "Site: choose the site the imported sorts belong to.") }
    let screen: SortImportScreen
    do {
      screen = try await SortImport.screen(upload, study: context.study, on: req.db)
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      return try await refuse(req, context, error.reason)
    }
    do {
      let count = try await SortImport.store(
        screen, fileName: upload.fileName, site: site, skipInvalid: form.skipInvalid == "yes", study: context.study,
        by: context.userID, on: req.db)
      Flash.set(
        req,
        "\(count) sort\(count == 1 ? "" : "s") imported at \(site.name)"
          + (screen.invalidCount > 0 ? "; \(screen.invalidCount) invalid skipped." : "."))
      return req.redirect(to: context.href(.data()))
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      // Nothing was stored: the report again, with the reason.
      return try await showPreview(req, context, upload, error: error.reason)
    }
  }

  private func refuse(_ req: Request, _ context: StudyContext, _ reason: String) async throws -> Response {
    let response = try await render(req, context: context, error: reason).encodeResponse(for: req)
    response.status = .unprocessableEntity
    return response
  }

  static let formatNames: [QDataFormat: String] = [
    .pqmethodDAT: "PQMethod .DAT", .csvStatementsAsRows: "CSV, statements as rows",
    .csvSortsAsRows: "CSV, sorts as rows", .json: "POETQ/engine JSON",
    .htmlqJSON: "easy-htmlq / EQ Web Sort / Quince JSON",
  ]
}
