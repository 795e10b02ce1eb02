import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A script calling the JSON API: sends `Authorization: Bearer <token>` and JSON bodies.
struct APIClient {
  let app: Application
  var token: String?

  /// A new researcher with an API token, and a client that uses it.
  static func researcher(_ app: Application, email: String, name: String = "Researcher") async throws -> (
    User, APIClient
  ) {
    let user = User(email: email, name: name, passwordHash: "not used by the API", isAdmin: false)
    try await user.save(on: app.db)
    let token = try await APITokens.create(name: "tests", for: user.requireID(), on: app.db)
    return (user, APIClient(app: app, token: token))
  }

  @discardableResult
  func send(_ method: HTTPMethod, _ path: String, json: String? = nil, headers extra: HTTPHeaders = [:]) async throws
    -> TestingHTTPResponse
  {
    var headers = extra
    if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
    if json != nil, headers.contentType == nil { headers.contentType = .json }
    return try await app.testing().sendRequest(
      method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
  }

  @discardableResult
  func get(_ path: String) async throws -> TestingHTTPResponse { try await send(.GET, path) }

  @discardableResult
  func post(_ path: String, _ json: String) async throws -> TestingHTTPResponse {
    try await send(.POST, path, json: json)
  }

  @discardableResult
  func put(_ path: String, _ json: String) async throws -> TestingHTTPResponse {
    try await send(.PUT, path, json: json)
  }

  @discardableResult
  func patch(_ path: String, _ json: String) async throws -> TestingHTTPResponse {
    try await send(.PATCH, path, json: json)
  }

  @discardableResult
  func delete(_ path: String) async throws -> TestingHTTPResponse { try await send(.DELETE, path) }

  /// Creates a study through the API and returns its slug.
  func createStudy(_ title: String, template: String) async throws -> String {
    let response = try await post("/api/v1/studies", #"{"title": "\#(title)", "template": "\#(template)"}"#)
    #expect(response.status == .created, "\(response.body.string)")
    return try response.content.decode(StudyDTO.self).slug
  }
}

extension TestingHTTPResponse {
  /// The JSON error body every API error has.
  var apiError: APIErrorDTO? { try? content.decode(APIErrorDTO.self) }
}

/// Snapshot of a study's design in the database, to show that a refused change changed nothing.
struct DesignSnapshot: Equatable {
  var statements: [StatementDTO]
  var columns: [DistributionDTO.Column]
  var sites: [String]
  var kind: Study.DistributionKind

  static func of(_ slug: String, on db: any Database) async throws -> DesignSnapshot {
    let study = try #require(try await Study.query(on: db).filter(\.$slug == slug).first())
    let studyID = try study.requireID()
    let statements = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    let columns = try await DistributionColumn.query(on: db).filter(\.$study.$id == studyID).sort(\.$score).all()
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    return DesignSnapshot(
      statements: statements.map(StatementDTO.init),
      columns: columns.map { DistributionDTO.Column(score: $0.score, capacity: $0.capacity, label: $0.label) },
      sites: sites.map(\.name), kind: study.distributionKind)
  }
}
