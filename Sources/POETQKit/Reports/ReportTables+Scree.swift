import Foundation
import QMethod

extension ReportTables {
  /// The scree: every eigenvalue of the sorts' correlation matrix (the result's `screeEigenvalues`)
  /// and, when parallel analysis was run, the simulated percentile and mean of the same eigenvalue in
  /// random sorts on this grid, with whether the observed one lies above the line (Horn 1965; a
  /// factor counts while every eigenvalue before it does too).
  /// - Parameter maxFactors: rows at most (the tail is flat); all when `nil`.
  public static func scree(_ input: ReportInput, maxFactors: Int? = nil) -> ReportTable {
    let values = Array(input.result.screeEigenvalues.prefix(maxFactors ?? .max))
    guard let parallel = input.parallelAnalysis else {
      return ReportTable(
        name: "scree", title: "Scree: eigenvalues of the correlation matrix", columns: ["Factor", "Eigenvalue"],
        rows: values.indices.map { [.integer($0 + 1), .number(values[$0], places: 4)] },
        note: input.parallelAnalysisPending
          ? ReportInput.parallelAnalysisComputing : "Parallel analysis was not computed for this analysis.")
    }
    let percentile = ReportMethod.percentile(parallel.percentile)
    return ReportTable(
      name: "scree", title: "Scree and parallel analysis",
      columns: [
        "Factor", "Eigenvalue", "Parallel analysis (\(percentile) percentile)", "Mean random eigenvalue",
        "Above the line",
      ],
      rowCount: values.count,
      note:
        "Random sorts: \(parallel.simulations) sets of \(input.result.sorts.count) sorts on this study's grid (seed \(parallel.seed)); "
        + "\(parallel.suggested) leading eigenvalue\(parallel.suggested == 1 ? "" : "s") above the line (Horn 1965)."
    ) { row in
      let threshold = parallel.thresholds.indices.contains(row) ? parallel.thresholds[row] : nil
      let mean = parallel.means.indices.contains(row) ? parallel.means[row] : nil
      return [
        .integer(row + 1), .number(values[row], places: 4), .number(threshold, 4), .number(mean, 4),
        .text(row < parallel.suggested ? "yes" : "no"),
      ]
    }
  }
}
