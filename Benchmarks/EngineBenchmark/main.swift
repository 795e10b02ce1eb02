// The engine benchmark: wall-clock time of the full analysis pipeline at the sizes POETQ must
// handle, and peak memory. Run it in release mode (`make bench`); never as a test.
import Foundation
import QMethod

struct Scenario {
  let name: String
  let sorts: Int
  let statements: Int
  let options: AnalysisOptions
  let repetitions: Int
  let target: Double  // seconds
}

func pipeline(_ extraction: ExtractionMethod, factors: Int) -> AnalysisOptions {
  var options = AnalysisOptions()
  options.extraction = extraction
  options.factors = factors
  return options
}

/// Peak resident memory of this process so far, in MiB (Linux reports ru_maxrss in KiB).
func peakMemoryMiB() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_maxrss) / 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// CPU time of this thread, in seconds: on a machine shared with other work it stays close to what
/// a quiet machine's wall clock would show, where the wall clock also counts the waits.
func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Wall-clock and CPU seconds of `body`.
func timed(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
  let cpu = threadCPUSeconds()
  let wall = try seconds(body)
  return (wall, threadCPUSeconds() - cpu)
}

let arguments = CommandLine.arguments.dropFirst()
let quick = arguments.contains("--quick")
// `--analyses` runs only the scenarios of the server's analysis runs and "How many factors?".
let analysesOnly = arguments.contains("--analyses")

// `--write-data DIR`: the synthetic sets the whole-process figures use (Benchmarks/whole-process.sh),
// as CSV with statements as rows: 1,000 × 40 and 100,000 × 60, four viewpoints, seed 1.
if let flag = arguments.firstIndex(of: "--write-data"), arguments.index(after: flag) < arguments.endIndex {
  let directory = URL(fileURLWithPath: arguments[arguments.index(after: flag)])
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  for (sorts, statements) in [(1_000, 40), (100_000, 60)] {
    let data = try SyntheticSorts.make(sorts: sorts, statements: statements, viewpoints: 4)
    let file = directory.appendingPathComponent("synthetic-\(sorts)x\(statements).csv")
    try QDataWriter.write(data, to: file, format: .csvStatementsAsRows)
    print(file.path)
  }
  exit(0)
}

// `--varimax`: the varimax paths alone on the centroid loadings of 1,000 and 10,000 sorts, and the
// 1,000-sort pipeline with each path, to tell the rotation's share from the extraction's.
// `--whole FILE RUNS [pca|centroid|horst] [pqmethod|qmethod] [FACTORS]`: what `poetq analyze FILE
// --format json` does (read, analyse, write the JSON, here to nothing), RUNS times, with the CPU of
// each stage: for a profiler (perf, callgrind) without the CLI's release build.
if let flag = arguments.firstIndex(of: "--whole") {
  let rest = Array(arguments[arguments.index(after: flag)...])
  let url = URL(fileURLWithPath: rest[0])
  let runs = rest.count > 1 ? Int(rest[1]) ?? 1 : 1
  var options = AnalysisOptions()
  if rest.count > 2, let extraction = ExtractionMethod(rawValue: rest[2]) { options.extraction = extraction }
  if rest.count > 3, let profile = ConventionProfile(rawValue: rest[3]) { options.profile = profile }
  if rest.count > 4 { options.factors = Int(rest[4]) }
  var read = 0.0
  var analyse = 0.0
  var write = 0.0
  var bytes = 0
  for _ in 0..<runs {
    var start = threadCPUSeconds()
    let data = try QDataReader.read(url: url)
    read += threadCPUSeconds() - start
    start = threadCPUSeconds()
    let result = try QAnalysis.run(data, options: options)
    analyse += threadCPUSeconds() - start
    start = threadCPUSeconds()
    bytes = 0
    try result.writeJSON { bytes += $0.count }
    write += threadCPUSeconds() - start
  }
  let each = 1000 / Double(runs)
  print(
    String(
      format: "CPU per run: read %.2f ms, analyse %.2f ms, JSON %.2f ms (%d bytes); %d runs", read * each,
      analyse * each, write * each, bytes, runs))
  exit(0)
}

if arguments.contains("--varimax") {
  print("scenario".padding(toLength: 42, withPad: " ", startingAt: 0) + "   median       best   CPU median")
  var failed = 0
  for sorts in [1_000, 10_000] {
    let data = try SyntheticSorts.make(sorts: sorts, statements: 40, viewpoints: 4)
    var plain = pipeline(.centroid, factors: 5)
    plain.rotation = .none
    let unrotated = Matrix(try QAnalysis.run(data, options: plain).loadings)
    func report(_ name: String, _ times: [(wall: Double, cpu: Double)]) -> Double {
      let wall = times.map(\.wall).sorted()
      let cpu = times.map(\.cpu).sorted()
      print(
        name.padding(toLength: 42, withPad: " ", startingAt: 0)
          + String(
            format: "%9.2f ms%9.2f ms%9.2f ms", wall[wall.count / 2] * 1000, wall[0] * 1000, cpu[cpu.count / 2] * 1000))
      return cpu[cpu.count / 2]
    }
    for (name, algorithm) in [("PQMethod path", Varimax.Algorithm.pqmethod), ("exact optimum", .pairwise)] {
      let times = (0..<(sorts > 1_000 ? 5 : 20)).map { _ in
        timed { _ = Varimax.rotate(unrotated, algorithm: algorithm) }
      }
      _ = report("varimax alone, \(name), \(sorts) × 5", times)
    }
    guard sorts == 1_000 else { continue }
    for rotation in [RotationMethod.varimax, .varimaxOptimum] {
      var options = pipeline(.centroid, factors: 5)
      options.rotation = rotation
      let times = try (0..<20).map { _ in try timed { _ = try QAnalysis.run(data, options: options) } }
      let cpu = report("centroid 7 + \(rotation.rawValue) 5, 1,000 × 40", times)
      if rotation == .varimax, cpu > 0.050 { failed += 1 }
    }
  }
  exit(failed == 0 ? 0 : 1)
}
// `--bootstrap`: 1,000 bootstrap steps of 93 × 40 (PCA 3 and centroid 3, both profiles, both
// alignments) and 1,000 steps of 1,000 × 40 PCA, CPU time per run (the target: well under 1 s of CPU
// for 93 × 40 PCA; qmethod's qmboots needs about 0.1 s of CPU per step there).
if arguments.contains("--bootstrap") {
  print("scenario".padding(toLength: 52, withPad: " ", startingAt: 0) + "  wall median   CPU median    per step")
  var failed = 0
  func scenario(
    _ name: String, sorts: Int, extraction: ExtractionMethod, profile: ConventionProfile,
    alignment: BootstrapAlignment = .procrustes, steps: Int = 1_000, repetitions: Int, target: Double?
  ) throws {
    let data = try SyntheticSorts.make(sorts: sorts, statements: 40, viewpoints: 3)
    var options = pipeline(extraction, factors: 3)
    options.profile = profile
    let full = try QAnalysis.run(data, options: options)
    let settings = BootstrapOptions(steps: steps, seed: 1, alignment: alignment)
    _ = try Bootstrap.run(data, result: full, options: BootstrapOptions(steps: 20, seed: 1, alignment: alignment))
    let times = try (0..<repetitions).map { _ in
      try timed { _ = try Bootstrap.run(data, result: full, options: settings) }
    }
    let wall = times.map(\.wall).sorted()[times.count / 2]
    let cpu = times.map(\.cpu).sorted()[times.count / 2]
    var verdict = ""
    if let target {
      verdict = cpu <= target ? "  ok (target \(Int(target * 1000)) ms CPU)" : "  SLOWER THAN TARGET"
      if cpu > target { failed += 1 }
    }
    print(
      name.padding(toLength: 52, withPad: " ", startingAt: 0)
        + String(format: "%9.1f ms  %9.1f ms  %7.1f µs", wall * 1000, cpu * 1000, cpu / Double(steps) * 1e6) + verdict)
  }
  try scenario(
    "PCA 3, pqmethod, 1,000 steps, 93 × 40", sorts: 93, extraction: .pca, profile: .pqmethod, repetitions: 5,
    target: 0.5)
  try scenario(
    "PCA 3, qmethod, 1,000 steps, 93 × 40", sorts: 93, extraction: .pca, profile: .qmethod, repetitions: 5,
    target: 0.5)
  try scenario(
    "PCA 3, qmethod, reorder, 1,000 steps, 93 × 40", sorts: 93, extraction: .pca, profile: .qmethod,
    alignment: .reorder, repetitions: 5, target: 0.5)
  try scenario(
    "PCA 3, pqmethod, 1,000 steps, 30 × 40 (R gathered)", sorts: 30, extraction: .pca, profile: .pqmethod,
    repetitions: 5, target: nil)
  try scenario(
    "centroid 3, pqmethod, 1,000 steps, 93 × 40", sorts: 93, extraction: .centroid, profile: .pqmethod,
    repetitions: quick ? 1 : 3, target: nil)
  try scenario(
    "PCA 3, pqmethod, 1,000 steps, 1,000 × 40", sorts: 1_000, extraction: .pca, profile: .pqmethod,
    repetitions: quick ? 1 : 3, target: nil)
  exit(failed == 0 ? 0 : 1)
}
let analysisScenarios: [Scenario] = [
  Scenario(
    name: "centroid 7 + varimax 7, 93 × 40", sorts: 93, statements: 40, options: pipeline(.centroid, factors: 7),
    repetitions: 50, target: 0.200),
  Scenario(
    name: "PCA 8 + varimax 5, 10,000 × 40", sorts: 10_000, statements: 40, options: pipeline(.pca, factors: 5),
    repetitions: quick ? 1 : 5, target: 5.0),
]
let scenarios: [Scenario] =
  analysesOnly
  ? analysisScenarios
  : analysisScenarios + [
    Scenario(
      name: "centroid 7 + varimax 5, 93 × 40", sorts: 93, statements: 40, options: pipeline(.centroid, factors: 5),
      repetitions: 50, target: 0.005),
    Scenario(
      name: "centroid 7 + varimax 5, 1,000 × 40", sorts: 1_000, statements: 40,
      options: pipeline(.centroid, factors: 5),
      repetitions: 20, target: 0.050),
    Scenario(
      name: "PCA 8 + varimax 5, 1,000 × 40", sorts: 1_000, statements: 40, options: pipeline(.pca, factors: 5),
      repetitions: 20, target: 0.050),
    Scenario(
      name: "Horst 5.5 auto-stop, 93 × 40", sorts: 93, statements: 40, options: pipeline(.horst, factors: 5),
      repetitions: 10, target: 0.050),
    // No target: Brown's reflection flips one sort at a time and each flip touches every sort, so
    // centroid time grows with N²; PCA is the extraction for national-scale studies.
    Scenario(
      name: "centroid 7 + varimax 5, 10,000 × 40", sorts: 10_000, statements: 40,
      options: pipeline(.centroid, factors: 5), repetitions: quick ? 1 : 3, target: .infinity),
    Scenario(
      name: "PCA 8 + varimax 5, 100,000 × 60", sorts: 100_000, statements: 60, options: pipeline(.pca, factors: 5),
      repetitions: quick ? 1 : 3, target: 5.0),
  ]

print("POETQ engine benchmark (engine \(QMethodEngine.version)); median of repetitions after one warm-up run")
print("scenario".padding(toLength: 42, withPad: " ", startingAt: 0) + "   median       best     target")
var failures = 0
for scenario in scenarios {
  let data = try SyntheticSorts.make(sorts: scenario.sorts, statements: scenario.statements, viewpoints: 4)
  _ = try QAnalysis.run(data, options: scenario.options)
  var times: [Double] = []
  var cpuTimes: [Double] = []
  for _ in 0..<scenario.repetitions {
    let (wall, cpu) = try timed { _ = try QAnalysis.run(data, options: scenario.options) }
    times.append(wall)
    cpuTimes.append(cpu)
  }
  times.sort()
  cpuTimes.sort()
  let median = times[times.count / 2]
  let verdict = scenario.target.isInfinite ? "(no target)" : median <= scenario.target ? "ok" : "SLOWER THAN TARGET"
  if median > scenario.target { failures += 1 }
  func ms(_ t: Double) -> String { String(format: "%9.2f ms", t * 1000) }
  let target = scenario.target.isInfinite ? "           " : ms(scenario.target)
  print(
    scenario.name.padding(toLength: 42, withPad: " ", startingAt: 0) + ms(median) + ms(times[0]) + target + "  "
      + verdict + "  (CPU median " + ms(cpuTimes[cpuTimes.count / 2]).trimmingCharacters(in: .whitespaces) + ")")
}

// "How many factors?": parallel analysis alone (1,000 simulations of 93 random sorts on the grid),
// then everything the page shows (eigenvalues, parallel analysis, the 2…7 factor solutions).
let demoShaped = try SyntheticSorts.make(sorts: 93, statements: 40, viewpoints: 5)
let observed = try FactorCount.compute(
  demoShaped,
  options: {
    var o = FactorCount.Options()
    o.simulations = 1
    return o
  }()
)
.eigenvalues
for (name, target, body) in [
  (
    "parallel analysis 1,000 sims, 93 × 40", 2.0,
    { () throws -> Void in
      _ = try ParallelAnalysis.run(
        observed: observed, sorts: 93, statements: 40, distribution: demoShaped.distribution)
    }
  ),
  ("factor count (all figures), 93 × 40", 3.0, { () throws -> Void in _ = try FactorCount.compute(demoShaped) }),
] {
  var times: [Double] = []
  for _ in 0..<(quick ? 1 : 5) { times.append(try seconds(body)) }
  times.sort()
  let median = times[times.count / 2]
  if median > target { failures += 1 }
  print(
    name.padding(toLength: 42, withPad: " ", startingAt: 0)
      + String(format: "%9.2f ms%9.2f ms%9.2f ms  ", median * 1000, times[0] * 1000, target * 1000)
      + (median <= target ? "ok" : "SLOWER THAN TARGET"))
}
if analysesOnly { exit(failures == 0 ? 0 : 1) }

// Reading a large CSV (statements as rows) through the format readers.
let big = try SyntheticSorts.make(sorts: 100_000, statements: 60, viewpoints: 4)
let file = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-bench-100k.csv")
try QDataWriter.write(big, to: file, format: .csvStatementsAsRows)
let readTime = try seconds { _ = try QDataReader.read(url: file) }
try? FileManager.default.removeItem(at: file)
print(
  "read CSV 100,000 × 60".padding(toLength: 42, withPad: " ", startingAt: 0)
    + String(format: "%9.2f ms", readTime * 1000))

// Multi-site comparison as `poetq sites` runs it: aggregate, one local analysis per site, second
// order, then the JSON and the text report. Sort i sits at site i mod sites.
@MainActor func sitesScenario(name: String, sorts: Int, sites: Int, extraction: ExtractionMethod, target: Double) throws
{
  let data = try SyntheticSorts.make(sorts: sorts, statements: 40, viewpoints: 5)
  let names = (0..<sites).map { "S\($0 + 1)" }
  let groups = SortGroups(
    site: Dictionary(uniqueKeysWithValues: data.sortIDs.enumerated().map { ($1, names[$0 % sites]) }), sites: names)
  var analysis = AnalysisOptions()
  analysis.extraction = extraction
  analysis.factors = 5
  let options = MultiSiteOptions(analysis: analysis)
  func run() throws {
    let comparison = try MultiSite.compare(data, groups: groups, options: options)
    _ = try JSONEncoder().encode(comparison)
    _ = MultiSiteTextReport.render(comparison)
  }
  try run()
  var times: [Double] = []
  for _ in 0..<(quick ? 1 : 3) { times.append(try seconds { try run() }) }
  times.sort()
  let median = times[times.count / 2]
  if median > target { failures += 1 }
  print(
    name.padding(toLength: 42, withPad: " ", startingAt: 0)
      + String(format: "%9.2f ms%9.2f ms%9.2f ms", median * 1000, times[0] * 1000, target * 1000)
      + "  " + (median <= target ? "ok" : "SLOWER THAN TARGET"))
}
try sitesScenario(name: "sites: centroid, 93 × 40 at 5 sites", sorts: 93, sites: 5, extraction: .centroid, target: 0.5)
try sitesScenario(name: "sites: PCA, 10,000 × 40 at 20 sites", sorts: 10_000, sites: 20, extraction: .pca, target: 5.0)

let peak = peakMemoryMiB()
print(String(format: "peak memory of the whole run: %.0f MiB (target < 1024 MiB)", peak))
if peak >= 1024 { failures += 1 }
exit(failures == 0 ? 0 : 1)
