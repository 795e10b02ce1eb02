import Foundation
import Testing

/// `../shared/reference` beside the repository: the golden data and results from qmethod,
/// PQMethod and KADE the engine is checked against. Without it a test is skipped (a failure under CI,
/// which always runs beside `shared/`).
public enum ReferenceFolder {
  /// The folder, whether or not it exists.
  public static let url: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")

  /// The repository root: the folder holding `Package.swift` above this file.
  public static let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
      url.deleteLastPathComponent()
    }
    return url
  }()

  public static var isPresent: Bool {
    FileManager.default.fileExists(atPath: url.appendingPathComponent("lipset/LIPSET.DAT").path)
  }

  /// The folder, or the test is skipped (locally) or failed (CI).
  @discardableResult
  public static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
    try ExternalTool.require(
      isPresent, missing: "the reference data at \(url.path)", install: "check out shared/ beside the repository",
      sourceLocation: sourceLocation)
    return url
  }
}
