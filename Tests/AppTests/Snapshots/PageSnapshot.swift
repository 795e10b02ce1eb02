import Foundation
import SnapshotTesting
import Testing
import Vapor

@testable import App

/// Renders a page's template from its model's mock, without a database or HTTP, and pins the HTML
/// in `__Snapshots__` beside the test: a change to any page shows in review as a changed file.
/// A missing snapshot is recorded and the test fails once (commit the new file).
enum PageSnapshot {
  /// The HTML of `template` rendered with `context` by the app's own Leaf set-up.
  static func html(_ template: String, _ context: some Encodable & Sendable) async throws -> String {
    let app = try await Application.make(.testing)
    app.directory = DirectoryConfiguration(workingDirectory: packageRoot.path + "/")
    app.views.use(.leaf)
    do {
      let view = try await app.view.render(template, context)
      try await app.asyncShutdown()
      return String(buffer: view.data)
    } catch {
      try await app.asyncShutdown()
      throw error
    }
  }

  /// A study page as `renderStudyPage` builds it: the layout, the header on `section`, the model.
  static func studyPage(
    _ template: String, section: StudySection, _ model: some Encodable & Sendable, title: String? = nil
  ) async throws -> String {
    try await studyPage(template, header: .mock(section), model, title: title)
  }

  /// The same with a header of its own (a viewer's, a locked study's).
  static func studyPage(
    _ template: String, header: StudyHeader, _ model: some Encodable & Sendable, title: String? = nil
  ) async throws -> String {
    let section = StudySection(rawValue: header.section) ?? .overview
    let page = StudyPage(
      layout: Layout(title: "\(title ?? section.title) · Partnership in practice", csrf: "CSRF", userName: "Ada"),
      header: header, content: model)
    return try await html(template, page)
  }

  /// A page outside a study as `renderPage` builds it: the layout (signed in as Ada, or nobody) and the model.
  static func page(
    _ template: String, title: String, _ model: some Encodable & Sendable, signedIn: Bool = true
  ) async throws -> String {
    let page = App.Page(layout: Layout(title: title, csrf: "CSRF", userName: signedIn ? "Ada" : nil), content: model)
    return try await html(template, page)
  }
}

/// Pins `html` as the snapshot named after the calling test (and `name`, for a page's variants).
func assertPageSnapshot(
  _ html: String, named name: String? = nil, fileID: StaticString = #fileID, file: StaticString = #filePath,
  testName: String = #function, line: UInt = #line, column: UInt = #column
) {
  assertSnapshot(
    of: html, as: .lines, named: name, fileID: fileID, file: file, testName: testName, line: line, column: column)
}
