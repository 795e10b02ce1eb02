import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// What the translation tests share: a study from the POETQ template, its spreadsheet downloaded and
/// filled in as a translator would (commas, quotes and line breaks in the cells), and the state of
/// the database to show that a refusal changed nothing.
enum TranslationFixture {
  /// A translation of `source` with a comma, quotes and a line break, keeping its placeholders.
  static func french(_ source: String) -> String { "FR, « \"traduit\" »\n\(source)" }

  /// The downloaded spreadsheet filled in: every text translated by ``french(_:)``.
  static func filledIn(_ downloaded: Data) throws -> Data {
    let rows = try TranslationCSV.read(downloaded)
    return TranslationCSV.write(
      rows.map { .init(key: $0.key, source: $0.source, translation: french($0.source), status: .current) })
  }

  /// The bytes of a response body.
  static func bytes(_ response: TestingHTTPResponse) -> Data { Data(buffer: response.body) }

  /// `PUT …/translations/{tag}` with `csv` as `text/csv`.
  @discardableResult
  static func upload(_ client: APIClient, _ slug: String, _ tag: String, _ csv: Data) async throws
    -> TestingHTTPResponse
  {
    var headers = HTTPHeaders()
    headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
    return try await client.send(
      .PUT, "/api/v1/studies/\(slug)/translations/\(tag)", json: String(decoding: csv, as: UTF8.self),
      headers: headers)
  }

  /// The stored translations of the study, as `language key = translation (source)` lines.
  static func stored(_ slug: String, on db: any Database) async throws -> [String] {
    let study = try #require(try await Study.query(on: db).filter(\.$slug == slug).first())
    return try await StudyTranslation.query(on: db).filter(\.$study.$id == study.requireID()).all()
      .map { "\($0.language) \($0.key) = \($0.translation) (\($0.source))" }.sorted()
  }

  /// The study's design version (raised by every design change).
  static func designVersion(_ slug: String, on db: any Database) async throws -> Int {
    let sql = try #require(db as? any SQLDatabase)
    let row = try #require(
      try await sql.select().column("design_version").from("studies").where("slug", .equal, slug).first())
    return try row.decode(column: "design_version", as: Int.self)
  }
}
