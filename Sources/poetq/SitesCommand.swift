import ArgumentParser
import Foundation
import QMethod

struct SitesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sites",
    abstract: "Compare sites: aggregate, local and second-order analyses (the report's Tables 11, 14–20).",
    discussion: """
      GROUPS.csv has a header sort,site and optionally more columns (e.g. role, for Table 14);
      every sort of DATA must appear in it once. The text report prints Tables 11, 14, 15–19 and 20,
      then Tucker's congruence and the second-order factor analysis of the local factor arrays.
      --rotate, --flag, --invert and --split apply to the aggregate analysis only.

      Examples:
        poetq sites sorts.csv --groups groups.csv --aggregate-factors 5
        poetq sites STUDY.DAT --groups groups.csv --local-factors "A=3,B=4" --extraction pca
        poetq sites sorts.csv --groups groups.csv --profile qmethod --format json --out sites.json
      """)

  @Argument(help: "The data: PQMethod .DAT, CSV, the engine's JSON or an easy-htmlq export.") var data: String
  @Option(help: "Statement texts, one per line (PQMethod .STA layout).") var statements: String?
  @Option(help: "Each sort's site: a CSV with the header sort,site[,role,…].") var groups: String
  @Option(help: "Factors kept in the aggregate analysis (default: those with eigenvalue above 1).")
  var aggregateFactors: Int?
  @Option(help: "Factors kept per site, \"A=3,B=4\"; other sites keep those with eigenvalue above 1.")
  var localFactors: String?
  @Option(help: "Factors kept in the second-order analysis of the local arrays (default: eigenvalue above 1).")
  var secondOrderFactors: Int?
  @Option(help: "A local viewpoint matches an aggregate one at r ≥ this (default 0.5).") var threshold = 0.5
  @OptionGroup(title: "Analysis options (every analysis; --rotate, --flag, --invert, --split the aggregate only)")
  var analysis: AnalysisOptionGroup
  @Option(help: "text (Tables 11, 14–20) or json (aggregate, local, prevalence, secondOrder, …).") var format = "text"
  @Option(help: "Write here instead of standard output.") var out: String?

  func validate() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format \(format): use text or json") }
    guard threshold.isFinite, (-1...1).contains(threshold) else {
      throw ValidationError("--threshold \(threshold): use a correlation between -1 and 1, e.g. 0.5")
    }
    _ = try options()
  }

  func options() throws -> MultiSiteOptions {
    var analysisOptions = try analysis.applied(to: AnalysisOptions())
    if let aggregateFactors {
      guard aggregateFactors >= 1 else { throw ValidationError("--aggregate-factors must be at least 1") }
      analysisOptions.factors = aggregateFactors
    }
    if let secondOrderFactors, secondOrderFactors < 1 {
      throw ValidationError("--second-order-factors must be at least 1")
    }
    return MultiSiteOptions(
      analysis: analysisOptions, localFactors: try localFactors.map(Self.siteCounts) ?? [:],
      secondOrderFactors: secondOrderFactors, threshold: threshold)
  }

  /// "A=3,B=4" → factors by site.
  static func siteCounts(_ text: String) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for item in text.split(separator: ",") {
      let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count >= 1 else {
        throw ValidationError("--local-factors \"\(item)\": write SITE=N with N at least 1, e.g. \"A=3,B=4\"")
      }
      guard counts[parts[0]] == nil else {
        throw ValidationError("--local-factors names site \(parts[0]) twice")
      }
      counts[parts[0]] = count
    }
    return counts
  }

  func run() throws {
    let progress = ProgressReporter()
    let options = try options()
    progress.report("reading \(data)")
    var sorts = try reportingErrors { () throws(QMethodError) in
      try QDataReader.read(url: URL(commandLinePath: data), statementsFile: statements.map(URL.init(commandLinePath:)))
    }
    if sorts.title.isEmpty { sorts.title = URL(commandLinePath: data).lastPathComponent }
    let groupsURL = URL(commandLinePath: groups)
    let groupsBytes: Data
    do { groupsBytes = try Data(contentsOf: groupsURL) } catch {
      printError("error: cannot read \(groups): \(error.localizedDescription)")
      throw ExitCode.failure
    }
    let sortGroups = try reportingErrors { () throws(QMethodError) in
      try SortGroups.read(csv: groupsBytes, fileName: groupsURL.lastPathComponent)
    }
    progress.report(
      "read \(sorts.sortCount) sorts × \(sorts.statementCount) statements at \(sortGroups.sites.count) sites")
    let comparison = try reportingErrors { () throws(QMethodError) in
      try MultiSite.compare(sorts, groups: sortGroups, options: options) { stage in
        switch stage {
        case .aggregate: progress.report("aggregate analysis")
        case .local(let site): progress.report("local analysis of site \(site)")
        case .secondOrder: progress.report("second-order comparison")
        }
      }
    }
    progress.report("writing the \(format) output")
    try writeOutput(comparison, format: format, text: { MultiSiteTextReport.render(comparison) }, to: out)
    progress.report("done")
  }
}
