import Foundation
import Testing

/// The one rule for a test that needs something from outside Swift — a Python package, Chromium,
/// poppler, openssl, PostgreSQL, aiosmtpd, a built `poetq`, the reference data beside the
/// repository: where it is missing, the test is reported as **skipped** with the reason (never as
/// passed), and where it is mandatory (`CI` set: `.ci/run` installs everything) the test **fails**.
public enum ExternalTool {
  /// What a test does about a tool.
  public enum Decision: Equatable, Sendable {
    case run
    /// Missing locally: cancel the test with this reason.
    case skip(String)
    /// Missing where it is mandatory: fail with this message.
    case fail(String)
  }

  /// The failure thrown when a mandatory tool is missing (a thrown error fails the test with its text).
  public struct Missing: Error, CustomStringConvertible {
    public let description: String
  }

  /// Whether the tools are mandatory here: under CI.
  public static func mandatory(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    environment["CI"] != nil
  }

  /// `missing` says what is absent ("python3 with openpyxl"); `install` how to get it
  /// ("pip install openpyxl").
  public static func decide(available: Bool, missing: String, install: String, mandatory: Bool) -> Decision {
    if available { return .run }
    if mandatory { return .fail("\(missing) is missing; CI must run this test (\(install))") }
    return .skip("SKIP: \(missing) not found; \(install) to run this test")
  }

  /// Goes on when `available`; otherwise cancels the test (reported as skipped, with the reason)
  /// or, where the tool is mandatory, throws ``Missing`` (the test fails).
  public static func require(
    _ available: Bool, missing: @autoclosure () -> String, install: String,
    mandatory: Bool = ExternalTool.mandatory(), sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    switch decide(available: available, missing: available ? "" : missing(), install: install, mandatory: mandatory) {
    case .run: return
    case .fail(let message): throw Missing(description: message)
    case .skip(let reason): try Test.cancel(Comment(rawValue: reason), sourceLocation: sourceLocation)
    }
  }

  /// The first executable called `name` on `PATH` (or at one of `preferring`), if any.
  public static func executable(
    _ name: String, preferring paths: [String] = [],
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    let candidates = paths + directories.map { "\($0)/\(name)" }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }
}
