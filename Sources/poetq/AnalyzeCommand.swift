import ArgumentParser
import Foundation
import QMethod

struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract: "Run a Q factor analysis and print a report (text) or the result schema (JSON).",
    discussion: """
      Examples:
        poetq analyze LIPSET.DAT --extraction pca --factors 3
        poetq analyze sorts.csv --statements texts.txt --factors 4 --rotate "1,2,15 ; 2,3,-5"
        poetq analyze sorts.csv --profile qmethod --format json --out result.json
        poetq analyze sorts.csv --config result.json      (replays a stored analysis's options)
        poetq analyze results.csv --statements texts.txt --skip-invalid   (an HTMLQ / EQ Web Sort export)
        poetq analyze study.xlsx --rotation varimax-optimum                (KADE's workbook)
        poetq analyze sorts.csv --extraction pca --factors 3 --bootstrap 1000 --seed 7
      """)

  @Argument(
    help:
      "The data: PQMethod .DAT, CSV (either orientation, or HTMLQ / EQ Web Sort results), KADE's .xlsx, the engine's JSON or an easy-htmlq / EQ Web Sort export."
  ) var data: String
  @Option(help: "Statement texts, one per line (PQMethod .STA layout).") var statements: String?
  @Option(help: "Analysis options from a JSON file: an options object, or a result whose options to replay.")
  var config: String?
  @Option(help: "Factors to keep and rotate (default: those with eigenvalue above 1).") var factors: Int?
  @OptionGroup(title: "Analysis options") var analysis: AnalysisOptionGroup
  @Option(help: "Bootstrap the solution: resample the sorts this many times (1–100,000) and report its stability.")
  var bootstrap: Int?
  @Option(help: "The bootstrap's random seed (default 1); the same seed gives the same result everywhere.")
  var seed: UInt64?
  @Option(
    name: .customLong("bootstrap-alignment"),
    help: "procrustes (rotate each step onto the full solution, default) or reorder (only re-order and mirror factors)."
  ) var bootstrapAlignment: BootstrapAlignment?
  @Option(help: "text (a PQMethod-style report) or json (the result schema).") var format = "text"
  @Option(help: "Write here instead of standard output.") var out: String?
  @OptionGroup var read: ReadFlags

  func validate() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format \(format): use text or json") }
    _ = try options(base: AnalysisOptions())
  }

  /// The options: the config file's (if any), then each flag given on the command line.
  func options(base: AnalysisOptions) throws -> AnalysisOptions {
    var options = try analysis.applied(to: base)
    if let factors {
      guard factors >= 1 else { throw ValidationError("--factors must be at least 1") }
      options.factors = factors
    }
    if let bootstrap {
      guard (1...BootstrapOptions.maxSteps).contains(bootstrap) else {
        throw ValidationError("--bootstrap must be between 1 and \(BootstrapOptions.maxSteps) steps")
      }
      var settings = options.bootstrap ?? BootstrapOptions()
      settings.steps = bootstrap
      options.bootstrap = settings
    }
    if seed != nil || bootstrapAlignment != nil {
      guard var settings = options.bootstrap else {
        throw ValidationError("--seed and --bootstrap-alignment need --bootstrap N")
      }
      settings.seed = seed ?? settings.seed
      settings.alignment = bootstrapAlignment ?? settings.alignment
      options.bootstrap = settings
    }
    return options
  }

  func run() throws {
    let progress = ProgressReporter()
    var base = AnalysisOptions()
    if let config { base = try Self.loadConfig(URL(commandLinePath: config)) }
    let options = try options(base: base)
    let readOptions = try read.options()
    progress.report("reading \(data)")
    var sorts = try reportingErrors { () throws(QMethodError) in
      try QDataReader.read(
        url: URL(commandLinePath: data), statementsFile: statements.map(URL.init(commandLinePath:)),
        options: readOptions)
    }
    for note in sorts.notes { printError("note: \(note)") }
    if sorts.title.isEmpty { sorts.title = URL(commandLinePath: data).lastPathComponent }
    progress.report("read \(sorts.sortCount) sorts × \(sorts.statementCount) statements")
    let result = try reportingErrors { () throws(QMethodError) in
      try QAnalysis.run(sorts, options: options) { stage in progress.report(stage.rawValue) }
    }
    progress.report("writing the \(format) output")
    if format == "json" {
      try writeStreamedOutput(to: out) { flush in try result.writeJSON(flush: flush) }
    } else {
      try writeOutput(result, format: format, text: { TextReport.render(result) }, to: out)
    }
    for warning in result.warnings where out != nil { printError("warning: \(warning)") }
    progress.report("done")
  }

  /// Options from a JSON file holding either `AnalysisOptions` or a result with an `options` key.
  static func loadConfig(_ url: URL) throws -> AnalysisOptions {
    let bytes: Data
    do { bytes = try Data(contentsOf: url) } catch {
      printError("error: cannot read \(url.lastPathComponent): \(error.localizedDescription)")
      throw ExitCode.failure
    }
    struct Stored: Decodable { let options: AnalysisOptions }
    let decoder = JSONDecoder()
    if let stored = try? decoder.decode(Stored.self, from: bytes) { return stored.options }
    do {
      return try decoder.decode(AnalysisOptions.self, from: bytes)
    } catch {
      printError("error: \(url.lastPathComponent): not analysis options or a result (\(describe(error)))")
      throw ExitCode.failure
    }
  }

  static func describe(_ error: Error) -> String {
    guard let error = error as? DecodingError else { return error.localizedDescription }
    switch error {
    case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
    case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
      return "field \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
    default: return "\(error)"
    }
  }
}
