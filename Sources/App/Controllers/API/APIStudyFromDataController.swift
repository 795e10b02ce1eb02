import Fluent
import Vapor

/// `POST /api/v1/studies/from-data`: the "New study from data" page for scripts, without the
/// preview. A multipart body with `dat` (and `sta`), or `file` (a CSV or KADE workbook), makes a
/// closed study owned by the caller with its Q-set, grid, one site and the valid sorts imported.
struct APIStudyFromDataController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    // Streamed, then collected up to the Data tab's upload limit once the token has been checked.
    routes.on(.POST, APIRoute.studyFromData.registered, body: .stream, use: create)
  }

  func create(req: Request) async throws -> Response {
    let owner = try req.apiUser
    try await BodyLimit.collect(req, max: BodyLimit.dataUpload)
    guard let contentType = req.headers.contentType, contentType.type == "multipart",
      contentType.subType == "form-data"
    else {
      throw Abort(
        .unsupportedMediaType,
        reason: "Content-Type: send the files as multipart/form-data: dat (and sta), or file.")
    }
    guard let upload = StudyFromDataController.upload(try req.content.decode(StudyFromDataController.UploadForm.self))
    else {
      throw Abort(
        .unprocessableEntity, reason: "dat: send a PQMethod .DAT (with sta, its .STA), or file: a CSV or KADE workbook."
      )
    }
    let plan = try await StudyFromData.plan(upload, logger: req.logger)
    let study = try await StudyFromData.create(plan, fileName: upload.fileName, owner: owner, on: req.db)
    return try await APIStudiesController.dto(study, role: .owner, on: req.db)
      .created(at: APIRoute.study(study.slug).href, for: req)
  }
}
