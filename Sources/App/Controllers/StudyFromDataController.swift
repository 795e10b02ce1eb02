import Fluent
import POETQKit
import QMethod
import Vapor

/// "New study from data": a PQMethod .DAT (+ .STA), a CSV or a KADE workbook becomes a study with
/// its Q-set, grid, one site and the sorts imported, closed to participants and ready to analyse.
///
/// Upload, preview, confirm, as the Data tab's import: the preview posts the file back (base64) and
/// the confirmation reads it again, so nothing is kept between the two requests. Any signed-in user
/// may create a study (as with "New study"), and becomes its owner.
struct StudyFromDataController: RouteCollection {
  /// `/studies/from-data`, linked beside "New study" on the studies list; `from-data` is never a
  /// study's slug (``StudyAccess/reservedSlugs``).
  func boot(routes: any RoutesBuilder) throws {
    let signedIn = routes.grouped(User.redirectMiddleware(path: SiteRoute.login.href))
    signedIn.get(SiteRoute.studyFromData.pathComponents, use: index)
    signedIn.grouped(CSRFMiddleware(maxBody: BodyLimit.dataUpload))
      .post(SiteRoute.studyFromData.pathComponents, use: preview)
    signedIn.grouped(CSRFMiddleware(maxBody: BodyLimit.dataImportConfirm))
      .post(SiteRoute.studyFromDataConfirm.pathComponents, use: create)
  }

  func index(req: Request) async throws -> Response {
    _ = try req.auth.require(User.self)
    return try await req.renderPage(
      StudyFromDataPage.formTemplate, title: "New study from data", StudyFromDataPage.Form())
  }

  /// The form's files (the API's multipart fields are the same): `dat` with `sta`, or `file`.
  struct UploadForm: Content {
    var dat: File?
    var sta: File?
    var file: File?
  }

  /// The upload the form holds: the .DAT (with its .STA when given) before any other file; `nil`
  /// when no file was chosen.
  static func upload(_ form: UploadForm) -> SortImport.Upload? {
    func present(_ file: File?) -> File? { file.flatMap { $0.data.readableBytes > 0 ? $0 : nil } }
    if let dat = present(form.dat) {
      let sta = present(form.sta)
      return SortImport.Upload(
        fileName: dat.filename, data: Data(buffer: dat.data), textsFileName: sta?.filename,
        texts: sta.map { Data(buffer: $0.data) })
    }
    return present(form.file).map { SortImport.Upload(fileName: $0.filename, data: Data(buffer: $0.data)) }
  }

  /// Reads the upload and shows the study it would make, with the sorts that would be left out.
  func preview(req: Request) async throws -> Response {
    _ = try req.auth.require(User.self)
    guard let upload = Self.upload(try req.content.decode(UploadForm.self)) else {
      return try await refuse(
        req, "File: choose a PQMethod .DAT (with its .STA), or one CSV or KADE workbook (.xlsx).")
    }
    let plan: StudyFromData.Plan
    do {
      plan = try await StudyFromData.plan(upload, logger: req.logger)
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      return try await refuse(req, error.reason)
    }
    return try await req.renderPage(
      StudyFromDataPage.previewTemplate, title: "New study from data: preview",
      StudyFromDataPage.preview(plan, upload: upload))
  }

  struct ConfirmForm: Content {
    var fileName: String
    var payload: String
    var textsName: String?
    var textsPayload: String?
  }

  /// Reads the file again (it came back in the form) and creates the study, all or nothing.
  func create(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    let form = try req.content.decode(ConfirmForm.self)
    guard let data = Data(base64Encoded: form.payload), !data.isEmpty else {
      return try await refuse(req, "File: the uploaded file did not come back intact; upload it again.")
    }
    var texts: Data? = nil
    if let payload = form.textsPayload, !payload.isEmpty {
      guard let decoded = Data(base64Encoded: payload) else {
        return try await refuse(req, "Statement texts: the .STA did not come back intact; upload it again.")
      }
      texts = decoded
    }
    let upload = SortImport.Upload(
      fileName: form.fileName, data: data, textsFileName: texts == nil ? nil : form.textsName, texts: texts)
    do {
      let plan = try await StudyFromData.plan(upload, logger: req.logger)
      let study = try await StudyFromData.create(plan, fileName: upload.fileName, owner: user, on: req.db)
      let valid = plan.screen.validCount
      Flash.set(
        req,
        "“\(study.title)” was made from \(upload.fileName): \(plan.statements.count) statements, "
          + "\(valid) sort\(valid == 1 ? "" : "s") imported at \(plan.siteName)"
          + (plan.screen.invalidCount > 0 ? " (\(plan.screen.invalidCount) left out)" : "")
          + ". It is closed to participants; run an analysis under Analyses.")
      return req.redirect(to: SiteRoute.study(study.slug).href)
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      return try await refuse(req, error.reason)
    }
  }

  /// The upload form again with the reason; nothing was created.
  private func refuse(_ req: Request, _ reason: String) async throws -> Response {
    try await req.renderPage(
      StudyFromDataPage.formTemplate, title: "New study from data", StudyFromDataPage.Form(error: reason),
      status: .unprocessableEntity)
  }
}
