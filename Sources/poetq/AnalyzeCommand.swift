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
      """)

  @Argument(
    help:
      "The data: PQMethod .DAT, CSV (either orientation, or HTMLQ / EQ Web Sort results), KADE's .xlsx, the engine's JSON or an easy-htmlq / EQ Web Sort export."
  ) var data: String
  @Option(help: "Statement texts, one per line (PQMethod .STA layout).") var statements: String?
  @Option(help: "Analysis options from a JSON file: an options object, or a result whose options to replay.")
  var config: String?
  @Option(help: "centroid (Brown, PQMethod default), pca or horst (Horst 5.5, stops by itself).")
  var extraction: ExtractionMethod?
  @Option(help: "Factors to keep and rotate (default: those with eigenvalue above 1).") var factors: Int?
  @Option(help: "Factors to extract for the unrotated table (default 7 centroid, 8 PCA).") var extract: Int?
  @Option(help: "varimax (the profile tool's path), varimax-optimum (the exact optimum) or none.") var rotation:
    RotationMethod?
  @Option(help: "Judgmental rotation steps \"i,j,degrees ; …\", applied after --rotation.") var rotate: String?
  @Option(
    name: .customLong("flag-p"),
    help: "Automatic flag level: a z (1.645, 1.96, 2.576, 3.291) or a p (0.10, 0.05, 0.01, 0.001).")
  var flagLevel: Double?
  @Flag(name: .customLong("no-majority"), help: "Flag without requiring a² > the sort's other squared loadings.")
  var noMajority = false
  @Option(
    name: .customLong("flag"), parsing: .unconditionalSingleValue,
    help: "Manual flags \"SORT=F,…\" (F = 1, 1+3 or 0 for none); they replace that sort's automatic flags.")
  var manualFlags: [String] = []
  @Option(name: .customLong("invert"), help: "Reverse the sign of a factor (repeatable).") var invert: [Int] = []
  @Option(name: .customLong("split"), help: "Split a bipolar factor into two poles (repeatable).") var split: [Int] = []
  @Option(help: "pqmethod (PQMethod/KADE conventions, default) or qmethod (the R package).")
  var profile: ConventionProfile?
  @Option(help: "pearson (default) or spearman.") var correlation: CorrelationMethod?
  @Option(help: "text (a PQMethod-style report) or json (the result schema).") var format = "text"
  @Option(help: "Write here instead of standard output.") var out: String?
  @OptionGroup var read: ReadFlags

  func validate() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format \(format): use text or json") }
    _ = try options(base: AnalysisOptions())
  }

  /// The options: the config file's (if any), then each flag given on the command line.
  func options(base: AnalysisOptions) throws -> AnalysisOptions {
    var options = base
    options.profile = profile ?? options.profile
    options.extraction = extraction ?? options.extraction
    options.rotation = rotation ?? options.rotation
    options.correlation = correlation ?? options.correlation
    if let factors {
      guard factors >= 1 else { throw ValidationError("--factors must be at least 1") }
      options.factors = factors
    }
    if let extract {
      guard extract >= 1 else { throw ValidationError("--extract must be at least 1") }
      options.extractedFactors = extract
    }
    if let rotate { options.judgmentalRotation = try Self.rotationSteps(rotate) }
    if let flagLevel {
      let level = flagLevel < 1 ? SignificanceLevel(rawValue: String(flagLevel)) : SignificanceLevel(z: flagLevel)
      guard let level else {
        throw ValidationError("--flag-p \(flagLevel): use 1.645, 1.96, 2.576 or 3.291 (or 0.10, 0.05, 0.01, 0.001)")
      }
      options.flagZ = level.z
    }
    if noMajority { options.flagMajority = false }
    for text in manualFlags { options.manualFlags.merge(try Self.flags(text)) { $1 } }
    if !invert.isEmpty { options.invertedFactors = invert }
    if !split.isEmpty { options.splitFactors = split }
    return options
  }

  /// "1,2,15 ; 2,3,-5" → two steps.
  static func rotationSteps(_ text: String) throws -> [RotationStep] {
    try text.split(separator: ";").map { step in
      let parts = step.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 3, let first = Int(parts[0]), let second = Int(parts[1]), let degrees = Double(parts[2]),
        degrees.isFinite
      else {
        throw ValidationError(
          "--rotate \"\(step.trimmingCharacters(in: .whitespaces))\": write each step as i,j,degrees")
      }
      return RotationStep(first: first, second: second, degrees: degrees)
    }
  }

  /// "US1=1,US2=2+3,FR9=0" → flags by sort.
  static func flags(_ text: String) throws -> [String: [Int]] {
    var flags: [String: [Int]] = [:]
    for item in text.split(separator: ",") {
      let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--flag \"\(item)\": write SORT=F") }
      if parts[1] == "0" || parts[1].lowercased() == "none" {
        flags[parts[0]] = []
        continue
      }
      let factors = parts[1].split(separator: "+").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !factors.isEmpty, factors.allSatisfy({ ($0 ?? 0) >= 1 }) else {
        throw ValidationError("--flag \"\(item)\": the factor must be a number from 1 (or 1+3, or 0 for none)")
      }
      flags[parts[0]] = factors.compactMap { $0 }
    }
    return flags
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
    let output: Data
    if format == "json" {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      output = try encoder.encode(result) + Data("\n".utf8)
    } else {
      output = Data(TextReport.render(result).utf8)
    }
    if let out {
      do {
        try output.write(to: URL(commandLinePath: out), options: .atomic)
      } catch {
        printError("error: cannot write \(out): \(error.localizedDescription)")
        throw ExitCode.failure
      }
    } else {
      FileHandle.standardOutput.write(output)
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

extension ConventionProfile: ExpressibleByArgument {}
extension ExtractionMethod: ExpressibleByArgument {}
extension RotationMethod: ExpressibleByArgument {}
extension CorrelationMethod: ExpressibleByArgument {}
