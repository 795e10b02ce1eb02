// The report benchmark: time to render the HTML report and write the XLSX, DOCX and CSV bundle for
// the demo's 93 sorts × 5 factors, and the workbook of 10,000 sorts with the peak memory. Run it in
// release mode (`make bench-reports`); never as a test.
import Foundation
import POETQKit
import QMethod

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Peak resident memory of this process so far, in MiB (Linux reports ru_maxrss in KiB).
func peakMemoryMiB() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_maxrss) / 1024
}

/// The demo study's sorts analysed as the server will: centroid, varimax, 5 factors.
func demoInput() throws -> ReportInput {
  let template = StudyTemplate.poetqJointCommissioning
  let dataset = try DemoDataset(template: template, start: Date(timeIntervalSince1970: 1_330_678_800))
  var counters: [Int: Int] = [:]
  let sorts = dataset.respondents.map { respondent -> SortMetadata in
    counters[respondent.site, default: 0] += 1
    let site = template.sites[respondent.site]
    return SortMetadata(
      sortID: SortIDs.make(site: site, number: counters[respondent.site]!), site: site,
      answers: respondent.flow.answers, comments: respondent.flow.comments, scores: respondent.flow.placements)
  }
  let statements = template.statements.sorted { $0.number < $1.number }
  let distribution = try StudyDataExport.distribution(of: template, forced: true)
  let data = try QSortData(
    title: "Demo", statements: statements.map { Statement(number: $0.number, text: $0.text) },
    sortIDs: sorts.map(\.sortID), distribution: distribution,
    scores: sorts.flatMap { sort in statements.map { sort.scores[$0.number]! } })
  var options = AnalysisOptions()
  options.factors = 5
  let interpretations = Dictionary(
    uniqueKeysWithValues: DemoDataset.viewpoints.enumerated().map {
      ($0.offset + 1, FactorInterpretation(name: $0.element, description: "A description.", argument: "An argument."))
    })
  return ReportInput(
    result: try QAnalysis.run(data, options: options), studyTitle: template.title, statements: statements,
    sorts: sorts, questions: template.questions, interpretations: interpretations)
}

struct Case {
  let name: String
  let target: Double
  let body: () throws -> Void
}

var input = try demoInput()
// Parallel analysis (1,000 simulations) is computed once per shape of data when an analysis runs
// (the server's ParallelAnalysisCache), never per render: timed once here, then drawn in every report.
var parallelTime = 0.0
parallelTime = try seconds { input.parallelAnalysis = try ReportInput.parallelAnalysis(of: input.result) }

// `ReportBenchmark --write DIR` writes the demo's report, workbook, document and tables to DIR to
// look at (Chromium's print-to-PDF, LibreOffice, a spreadsheet), then stops.
if let flag = CommandLine.arguments.firstIndex(of: "--write"), CommandLine.arguments.count > flag + 1 {
  let out = URL(fileURLWithPath: CommandLine.arguments[flag + 1])
  try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
  try HTMLReport.render(input).write(to: out.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
  try XLSXWorkbook.write(input, to: out.appendingPathComponent("workbook.xlsx"))
  try DOCXReport.write(input, to: out.appendingPathComponent("report.docx"))
  try CSVTables.write(input, to: out.appendingPathComponent("tables.zip"))
  print("wrote report.html, workbook.xlsx, report.docx and tables.zip to \(out.path)")
  exit(0)
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-report-bench")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let cases = [
  Case(name: "HTML report, 93 sorts × 5 factors", target: 0.300) { _ = HTMLReport.render(input) },
  Case(name: "factor aids, 93 × 5 (all factors)", target: 0.300) { _ = FactorAids.all(input) },
  Case(name: "XLSX workbook, 93 × 5", target: 1.0) {
    try XLSXWorkbook.write(input, to: directory.appendingPathComponent("a.xlsx"))
  },
  Case(name: "DOCX report, 93 × 5", target: 1.0) {
    try DOCXReport.write(input, to: directory.appendingPathComponent("a.docx"))
  },
  Case(name: "tables.zip (CSV + .LIS + JSON), 93 × 5", target: 1.0) {
    try CSVTables.write(input, to: directory.appendingPathComponent("a.zip"))
  },
]

print("POETQ report benchmark; median of 10 runs after one warm-up run")
print(
  "parallel analysis, 93 × 40, 1,000 simulations (once per shape, when the analysis runs):" + ms(parallelTime)
    + "; \(input.parallelAnalysis?.suggested ?? 0) factors above the line")
print("case".padding(toLength: 42, withPad: " ", startingAt: 0) + "   median       best     target")
var failures = 0
func ms(_ t: Double) -> String { String(format: "%9.2f ms", t * 1000) }
for item in cases {
  try item.body()
  var times: [Double] = []
  for _ in 0..<10 { times.append(try seconds(item.body)) }
  times.sort()
  let median = times[times.count / 2]
  if median > item.target { failures += 1 }
  print(
    item.name.padding(toLength: 42, withPad: " ", startingAt: 0) + ms(median) + ms(times[0]) + ms(item.target) + "  "
      + (median <= item.target ? "ok" : "SLOWER THAN TARGET"))
}

// A national-scale workbook: 10,000 sorts, PCA, 5 factors, streamed sheet by sheet.
let large = try SyntheticSorts.make(sorts: 10_000, statements: 40, viewpoints: 4)
var options = AnalysisOptions()
options.extraction = .pca
options.factors = 5
var largeInput = ReportInput(result: try QAnalysis.run(large, options: options))
let largeParallel = try seconds {
  largeInput.parallelAnalysis = try ReportInput.parallelAnalysis(of: largeInput.result)
}
print(
  "parallel analysis, 10,000 × 40, 1,000 simulations (once, when the analysis runs)".padding(
    toLength: 42, withPad: " ", startingAt: 0) + ms(largeParallel))
let beforeWorkbook = peakMemoryMiB()
let workbookFile = directory.appendingPathComponent("large.xlsx")
let largeTime = try seconds { try XLSXWorkbook.write(largeInput, to: workbookFile) }
let size = (try FileManager.default.attributesOfItem(atPath: workbookFile.path)[.size] as? Int) ?? 0
print(
  "XLSX workbook, 10,000 sorts × 5".padding(toLength: 42, withPad: " ", startingAt: 0) + ms(largeTime)
    + String(format: "   %.1f MiB file", Double(size) / 1_048_576))
print(
  String(
    format: "peak memory: %.0f MiB before the 10,000-sort workbook, %.0f MiB after", beforeWorkbook, peakMemoryMiB()))
exit(failures == 0 ? 0 : 1)
