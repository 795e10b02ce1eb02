import Foundation
import OpenAPIKit
import Testing
import VaporTesting
import Yams

@testable import App

extension APITests {
  /// `path → methods` of docs/openapi.yaml, read as a typed OpenAPI document (Yams, OpenAPIKit): a
  /// document that is not valid OpenAPI fails here rather than being half read by indentation.
  static func documentedOperations() throws -> [String: Set<String>] {
    let yaml = try String(contentsOf: packageRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
    let document = try YAMLDecoder().decode(OpenAPI.Document.self, from: yaml)
    var operations: [String: Set<String>] = [:]
    for (path, item) in document.paths {
      guard case .b(let pathItem) = item else {
        Issue.record("docs/openapi.yaml: \(path.rawValue) is a reference; document its operations in place")
        continue
      }
      operations[path.rawValue, default: []].formUnion(pathItem.endpoints.map { $0.method.rawValue.lowercased() })
    }
    return operations
  }

  @Test("every route under /api/v1 is in docs/openapi.yaml with its method, and every documented one exists")
  func openAPIMatchesRoutes() async throws {
    let app = try await Application.make(.testing)
    do {
      try await configure(app, config: AppConfig(database: .sqlite(path: nil)))
      var registered: [String: Set<String>] = [:]
      for route in app.routes.all {
        guard route.path.count >= 2, route.path[0] == .constant("api"), route.path[1] == .constant("v1") else {
          continue
        }
        if route.path.contains(.catchall) { continue }  // the JSON 404 for unknown API routes
        let path =
          "/"
          + route.path.map { component -> String in
            switch component {
            case .constant(let name): name
            // A file parameter (`:tag.csv`, see RouteSegment) is documented as `{tag}.csv`.
            case .parameter(let name):
              if let dot = name.firstIndex(of: ".") { "{\(name[..<dot])}\(name[dot...])" } else { "{\(name)}" }
            case .anything: "*"
            case .catchall: "**"
            }
          }
          .joined(separator: "/")
        registered[path, default: []].insert(route.method.rawValue.lowercased())
      }
      let documented = try Self.documentedOperations()
      let operations = registered.values.reduce(0) { $0 + $1.count }
      #expect(operations >= 15, "the API routes were found: \(registered.keys.sorted())")
      for (path, methods) in registered.sorted(by: { $0.key < $1.key }) {
        let missing = methods.subtracting(documented[path] ?? [])
        #expect(missing.isEmpty, "docs/openapi.yaml does not document \(missing.sorted()) \(path)")
      }
      for (path, methods) in documented.sorted(by: { $0.key < $1.key }) {
        let stale = methods.subtracting(registered[path] ?? [])
        #expect(stale.isEmpty, "docs/openapi.yaml documents \(stale.sorted()) \(path), which the app does not serve")
      }
    } catch {
      try? await app.asyncShutdown()
      throw error
    }
    try await app.asyncShutdown()
  }
}
