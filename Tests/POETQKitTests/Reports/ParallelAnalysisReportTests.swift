import Foundation
import POETQKit
import QMethod
import Testing

/// The scree of the reports with Horn's parallel analysis: reproducible thresholds for the result's
/// shape, drawn as the dashed line of the HTML report's scree, listed in the scree table (workbook,
/// DOCX, CSV) and stated in the method.
@Suite("Parallel analysis in the reports")
struct ParallelAnalysisReportTests {
  /// 200 simulations keep the test quick in a debug build; the server runs 1,000.
  static let parallel = try! ReportInput.parallelAnalysis(of: ReportFixture.input.result, simulations: 200)

  static var input: ReportInput {
    var input = ReportFixture.input
    input.parallelAnalysis = parallel
    return input
  }

  @Test("the same shape and seed give the same thresholds; random eigenvalues sum to the number of sorts")
  func reproducible() throws {
    let result = ReportFixture.input.result
    let again = try ReportInput.parallelAnalysis(of: result, simulations: 200)
    #expect(again == Self.parallel, "fixed seed: identical on every run")
    let parallel = Self.parallel
    #expect(parallel.seed == ParallelAnalysis.defaultSeed && parallel.percentile == 95)
    #expect(parallel.thresholds.count == min(result.sorts.count, result.statements.count))
    // Independent of the simulation: every simulated correlation matrix of 93 sorts has trace 93 and
    // at most 40 non-zero eigenvalues, all of them among the 40 kept, so the means sum to 93.
    #expect(abs(parallel.means.reduce(0, +) - Double(result.sorts.count)) < 1e-6)
    #expect(zip(parallel.thresholds, parallel.means).prefix(5).allSatisfy { $0 >= $1 }, "95th percentile ≥ mean")
    #expect(zip(parallel.thresholds, parallel.thresholds.dropFirst()).allSatisfy { $0 >= $1 }, "descending")
    let above = zip(result.screeEigenvalues, parallel.thresholds).prefix { $0 > $1 }.count
    #expect(parallel.suggested == above)
    #expect((1...result.factorLabels.count).contains(above), "the demo's viewpoints stand above chance")
  }

  @Test("the cache key names the shape, never the sorts: renamed or re-scored sorts of one grid share it")
  func key() throws {
    let result = ReportFixture.input.result
    var renamed = result
    renamed.sorts = result.sorts.map { "X" + $0 }
    renamed.screeEigenvalues = result.screeEigenvalues.map { $0 * 0.9 }
    #expect(ReportInput.parallelAnalysisKey(of: renamed) == ReportInput.parallelAnalysisKey(of: result))
    var fewer = result
    fewer.sorts.removeLast()
    #expect(ReportInput.parallelAnalysisKey(of: fewer) != ReportInput.parallelAnalysisKey(of: result))
    var spearman = result
    spearman.options.correlation = .spearman
    #expect(ReportInput.parallelAnalysisKey(of: spearman) != ReportInput.parallelAnalysisKey(of: result))
    #expect(
      ReportInput.parallelAnalysisKey(of: result, seed: 1) != ReportInput.parallelAnalysisKey(of: result),
      "another seed is another line")
  }

  @Test("the HTML report draws the dashed line with its numbers and states the method; without it, says nothing")
  func html() throws {
    let html = HTMLReport.render(Self.input)
    #expect(html.contains("<figcaption>Scree plot with parallel analysis</figcaption>"))
    #expect(html.contains("stroke-dasharray=\"6 4\""), "the dashed parallel-analysis line")
    #expect(html.contains("<th scope=\"col\" class=\"num\">Parallel analysis</th>"), "its text alternative")
    let first = ReportFormat.fixed(Self.parallel.thresholds[0], 3)
    #expect(html.contains("<td class=\"num\">\(first)</td>"), "the first threshold in the table: \(first)")
    #expect(html.contains("<dt>Parallel analysis</dt><dd>\(Self.parallel.suggested) factor"))
    let plain = HTMLReport.render(ReportFixture.input)
    #expect(plain.contains("<figcaption>Scree plot</figcaption>"))
    #expect(!plain.contains("<dt>Parallel analysis</dt>"))
  }

  @Test("the scree table lists every eigenvalue with its threshold, mean and whether it is above the line")
  func table() throws {
    let result = ReportFixture.input.result
    let table = ReportTables.scree(Self.input)
    #expect(table.rowCount == result.screeEigenvalues.count)
    #expect(table.columns[2] == "Parallel analysis (95th percentile)")
    for (row, cells) in table.rows.enumerated() {
      #expect(cells[1] == .number(result.screeEigenvalues[row], places: 4))
      #expect(cells[2] == .number(Self.parallel.thresholds[row], places: 4))
      #expect(cells[3] == .number(Self.parallel.means[row], places: 4))
      #expect(cells[4] == .text(row < Self.parallel.suggested ? "yes" : "no"))
    }
    #expect(ReportTables.all(Self.input).contains { $0.name == "scree" }, "a sheet and a CSV of its own")
    #expect(ReportTables.scree(Self.input, maxFactors: 20).rowCount == 20)
    let without = ReportTables.scree(ReportFixture.input)
    #expect(without.columns == ["Factor", "Eigenvalue"])
    #expect(without.note.contains("not computed"))
  }
}
