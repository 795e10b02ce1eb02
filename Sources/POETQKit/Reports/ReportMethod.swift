import Foundation
import QMethod

/// How an analysis was run, in words a methods section uses: sorts, grid, extraction, rotation,
/// flag rule, profile, engine version and data hash.
public enum ReportMethod {
  /// The method as (label, value) lines, in the order a methods section states them.
  public static func lines(_ result: AnalysisResult) -> [(label: String, value: String)] {
    let options = result.options
    let extracted = result.unrotatedLoadings.first?.count ?? 0
    var rotation = options.rotation == .varimax ? "varimax (Kaiser-normalised)" : "none"
    if !options.judgmentalRotation.isEmpty {
      rotation +=
        ", then by hand: "
        + options.judgmentalRotation.map {
          "factors \($0.first) and \($0.second) by \(ReportFormat.fixed($0.degrees, 1))°"
        }.joined(separator: "; ")
    }
    var flags = "automatic: |a| > \(ReportFormat.fixed(options.flagZ, 2))/√\(result.statements.count)"
    if let level = SignificanceLevel(z: options.flagZ) { flags += " (p < \(level.rawValue))" }
    if options.flagMajority { flags += " and a² greater than the sum of the sort's other squared loadings" }
    if !options.manualFlags.isEmpty {
      flags += "; set by hand for \(options.manualFlags.count) sort\(options.manualFlags.count == 1 ? "" : "s")"
    }
    var lines: [(String, String)] = [
      ("Sorts used", "\(result.sorts.count)"),
      ("Statements", "\(result.statements.count)"),
      ("Distribution", distribution(result.distribution)),
      ("Correlation", options.correlation.rawValue.capitalized),
      ("Extraction", "\(extraction(options.extraction)), \(extracted) factors extracted"),
      (
        "Factors kept", "\(result.factorLabels.count) (\(result.factorLabels.map { "F\($0)" }.joined(separator: ", ")))"
      ),
      ("Rotation", rotation),
      ("Flagging rule", flags),
      ("Conventions", options.profile == .pqmethod ? "PQMethod/KADE" : "R package qmethod 1.8.4"),
      ("Engine version", "POETQ QMethod \(result.engineVersion)"),
      ("Data hash", "FNV-1a \(result.dataFingerprint)"),
    ]
    if !options.invertedFactors.isEmpty {
      lines.append(("Inverted factors", options.invertedFactors.map(String.init).joined(separator: ", ")))
    }
    if !options.splitFactors.isEmpty {
      lines.append(("Split factors", options.splitFactors.map(String.init).joined(separator: ", ")))
    }
    return lines
  }

  /// ``lines(_:)-(AnalysisResult)`` and, when the input has it, how parallel analysis was run and
  /// what it suggests.
  public static func lines(_ input: ReportInput) -> [(label: String, value: String)] {
    var lines = lines(input.result)
    if let languages = input.selectedLanguages {
      // Right after "Sorts used": which sorts, by the language they were made in.
      lines.insert(("Languages", "only the sorts made in \(languages)"), at: min(1, lines.count))
    }
    if let parallel = input.parallelAnalysis {
      lines.append(
        (
          "Parallel analysis",
          "\(parallel.suggested) factor\(parallel.suggested == 1 ? "" : "s") above the \(percentile(parallel.percentile)) "
            + "percentile of \(parallel.simulations) sets of random sorts on this grid (Horn 1965; seed \(parallel.seed))"
        ))
    } else if input.parallelAnalysisPending {
      lines.append(("Parallel analysis", "computing… (in the background; download the report again in a few minutes)"))
    }
    return lines
  }

  /// "95th", "99th", "97.5th" (the engine's wording in its factor-count criteria).
  static func percentile(_ value: Double) -> String { FactorCount.percentileText(value) }

  /// "forced −4…+4 holding 2, 3, 4, 6, 10, 6, 4, 3, 2" or "free −3…+3".
  public static func distribution(_ distribution: Distribution) -> String {
    let range = "\(ReportFormat.score(distribution.minScore))…\(ReportFormat.score(distribution.maxScore))"
    guard let capacities = distribution.capacities else { return "free \(range)" }
    return "forced \(range) holding \(capacities.map(String.init).joined(separator: ", "))"
  }

  static func extraction(_ method: ExtractionMethod) -> String {
    switch method {
    case .centroid: "Brown centroid"
    case .pca: "principal components"
    case .horst: "Horst centroid (PQMethod 5.5)"
    }
  }
}
