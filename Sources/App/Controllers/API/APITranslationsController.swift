import Fluent
import Vapor

/// `/api/v1/studies/{slug}/translations`: the translator's round trip for scripts. `GET
/// …/translations/{tag}.csv` gives the language's spreadsheet (viewers may download it); `PUT
/// …/translations/{tag}` with that spreadsheet as `text/csv` stores it (researchers), checked whole
/// first, in one transaction, audited, and answers with the language's state.
struct APITranslationsController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.study(.key, .translationsCSV(.key)).registered, use: download)
    // Streamed, then collected up to the spreadsheet's limit once the token and role are checked.
    routes.on(.PUT, APIRoute.study(.key, .translations(.key)).registered, body: .stream, use: upload)
  }

  /// `GET …/translations/{tag}.csv`.
  func download(req: Request) async throws -> Response {
    let study = try await req.apiGrant(atLeast: .viewer).study
    guard let tag = req.fileParameter("tag", extension: "csv") else {
      throw Abort(.notFound, reason: "There is no API route \(req.method.rawValue) \(req.url.path).")
    }
    let language = try StudyEditor.translationLanguage(tag, of: study, field: "tag")
    return try await TranslationDownload.response(language, of: study, on: req.db)
  }

  /// `PUT …/translations/{tag}`.
  func upload(req: Request) async throws -> LanguageDTO {
    let study = try await req.apiGrant(atLeast: .researcher).study
    try await BodyLimit.collect(req, max: BodyLimit.translationSheet)
    guard let contentType = req.headers.contentType, contentType.type == "text", contentType.subType == "csv",
      (contentType.parameters["charset"] ?? "utf-8").lowercased() == "utf-8"
    else {
      throw Abort(
        .unsupportedMediaType, reason: "Content-Type: send the spreadsheet as text/csv (UTF-8), as it was downloaded.")
    }
    let language = try StudyEditor.translationLanguage(req.parameters.get("tag") ?? "", of: study, field: "tag")
    guard let body = req.body.data, body.readableBytes > 0 else {
      throw Abort(.badRequest, reason: "Body: send the spreadsheet (key,source,translation) as the body.")
    }
    let state = try await StudyEditor.storeTranslations(
      Data(buffer: body), language: language, of: study, by: req.apiUser.requireID(), on: req.db)
    return LanguageDTO(state)
  }
}

extension BodyLimit {
  /// A translator's spreadsheet: every text of a study twice (source and translation). A study with
  /// long information and consent sheets makes a few hundred KB.
  static let translationSheet = 4 << 20
}

/// The spreadsheet of one language as a download, named after the study and the language; the API
/// and the Texts tab send the same file.
enum TranslationDownload {
  static func response(_ language: StudyLanguage, of study: Study, on db: any Database) async throws -> Response {
    Response.download(
      try await StudyEditor.translationSheet(language, of: study, on: db),
      name: "\(study.slug)-translation-\(language.tag).csv", type: "text/csv; charset=utf-8")
  }
}
