import ArgumentParser
import Foundation
import QMethod

/// The analysis options `analyze` and `sites` share: extraction, rotation, flagging, profile and
/// correlation. The factor count is each command's own (`--factors`; `--aggregate-factors` and
/// `--local-factors`).
struct AnalysisOptionGroup: ParsableArguments {
  @Option(help: "centroid (Brown, PQMethod default), pca or horst (Horst 5.5, stops by itself).")
  var extraction: ExtractionMethod?
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

  /// `base` (a config file's options, or the defaults) with each option given on the command line.
  func applied(to base: AnalysisOptions) throws -> AnalysisOptions {
    var options = base
    options.profile = profile ?? options.profile
    options.extraction = extraction ?? options.extraction
    options.rotation = rotation ?? options.rotation
    options.correlation = correlation ?? options.correlation
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
}

extension ConventionProfile: ExpressibleByArgument {}
extension ExtractionMethod: ExpressibleByArgument {}
extension RotationMethod: ExpressibleByArgument {}
extension CorrelationMethod: ExpressibleByArgument {}
extension BootstrapAlignment: ExpressibleByArgument {}
