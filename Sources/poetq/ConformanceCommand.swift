import ArgumentParser
import Foundation
import QMethod

struct ConformanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conformance",
    abstract: "Check the engine against every reference case: the largest difference and its tolerance.",
    discussion: """
      Reads the reference data (LIPSET against qmethod 1.8.4, PQMethod/KADE and the R Journal paper;
      the synthetic set against qmethod and qmboots) and prints one line per check. Exits non-zero
      when a check is out of tolerance.
        poetq conformance --reference ../shared/reference
      """)

  @Option(help: "The reference folder (default: ../shared/reference, or $POETQ_REFERENCE).")
  var reference: String?
  @Option(help: "text (a table) or json.") var format = "text"

  func validate() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format \(format): use text or json") }
  }

  func run() throws {
    let path = reference ?? ProcessInfo.processInfo.environment["POETQ_REFERENCE"] ?? "../shared/reference"
    let checks = try reportingErrors { () throws(QMethodError) in
      try Conformance.run(reference: URL(commandLinePath: path))
    }
    if format == "json" {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(checks), as: UTF8.self))
    } else {
      print(Conformance.render(checks), terminator: "")
    }
    if checks.contains(where: { !$0.passed }) { throw ExitCode.failure }
  }
}
