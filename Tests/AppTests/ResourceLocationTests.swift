import Foundation
import Testing

@testable import App

/// `poetq serve` finds `Resources/` and `Public/` wherever it is started from (ServeCommandTests
/// start the real executable elsewhere); here the order it looks in, on folders made for the test.
@Suite("Where the templates and static files are found")
struct ResourceLocationTests {
  /// A folder holding what serving needs, with an executable three folders below it.
  static func install() throws -> (root: String, executable: String) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-resources-\(UUID().uuidString)")
    for file in ResourceLocation.required {
      let url = root.appendingPathComponent(file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data("x".utf8).write(to: url)
    }
    let bin = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    return (root.path, bin.appendingPathComponent("poetq").path)
  }

  @Test("from another folder: beside or above the executable")
  func besideTheExecutable() throws {
    let (root, executable) = try Self.install()
    let found = try ResourceLocation.find(explicit: nil, currentDirectory: "/", executable: executable)
    #expect(found == root + "/")
  }

  @Test("the current folder first, when it holds them")
  func currentFolder() throws {
    let (root, _) = try Self.install()
    let found = try ResourceLocation.find(explicit: nil, currentDirectory: root, executable: "/usr/bin/poetq")
    #expect(found == root + "/")
  }

  @Test("--resources (or POETQ_RESOURCES) is used alone, and a wrong one is named")
  func explicitFolder() throws {
    let (root, _) = try Self.install()
    #expect(
      try ResourceLocation.find(explicit: root, currentDirectory: "/", executable: "/usr/bin/poetq") == root + "/")
    let error = #expect(throws: ResourceLocation.NotFound.self) {
      try ResourceLocation.find(explicit: "/nonexistent-poetq", currentDirectory: root, executable: "/usr/bin/poetq")
    }
    #expect(error?.description.hasPrefix("/nonexistent-poetq does not hold POETQ's") == true)
  }

  @Test("nowhere: the error lists where it looked and how to say where they are")
  func nowhere() throws {
    let error = #expect(throws: ResourceLocation.NotFound.self) {
      try ResourceLocation.find(explicit: nil, currentDirectory: "/", executable: "/nonexistent/bin/poetq")
    }
    let description = error?.description ?? ""
    #expect(description.contains("/nonexistent/bin"))
    #expect(description.contains("--resources or POETQ_RESOURCES"))
  }
}
