import Foundation

/// The version of the analysis engine, stored with every result.
public enum QMethodEngine {
  public static let version = "0.1.0"
}

/// The stages of an analysis, reported to a progress callback.
public enum AnalysisStage: String, Sendable, CaseIterable {
  case standardising = "standardising sorts"
  case extracting = "extracting factors"
  case rotating = "rotating"
  case flagging = "flagging"
  case scoring = "computing factor scores"
  case testing = "testing statements"
  case bootstrapping = "bootstrapping"
}

/// Runs a Q factor analysis: correlation, extraction, rotation, flagging, factor scores and arrays,
/// and the statement tests, under one convention profile.
///
/// Each stage is a function of its own with one job, in the order the analysis runs them:
/// ``correlate(_:options:)`` (`QAnalysis+Correlation.swift`), ``extract(_:options:notes:)``
/// (`+Extraction`), ``rotate(_:options:notes:)`` (`+Rotation`), ``adjust(_:options:data:)``
/// (`+Adjustment`: flags, manual flags, split poles), ``score(_:sorts:adjusted:profile:notes:)``
/// (`+Scoring`), ``test(_:scored:options:statementNumbers:)`` (`+Testing`), then ``result(…)`` (`+Result`) puts them
/// together. `WholeResultTests` holds the whole result to the bytes it had before this split.
public enum QAnalysis {
  /// - Parameters:
  ///   - data: the sorts; nothing here builds a sorts × sorts matrix once sorts outnumber statements.
  ///   - options: the analysis parameters (stored in the result).
  ///   - progress: called as each stage starts.
  /// - Throws: `QMethodError.invalidOptions` or `.invalidData` when the analysis cannot be run as asked.
  public static func run(
    _ data: QSortData, options: AnalysisOptions = AnalysisOptions(),
    progress: (@Sendable (AnalysisStage) -> Void)? = nil
  ) throws(QMethodError) -> AnalysisResult {
    try checkRunnable(data)
    var notes: [String] = data.notes

    progress?(.standardising)
    let correlated = try correlate(data, options: options)
    progress?(.extracting)
    let extracted = try extract(correlated, options: options, notes: &notes)
    progress?(.rotating)
    let rotated = try rotate(extracted, options: options, notes: &notes)
    progress?(.flagging)
    let adjusted = try adjust(rotated, options: options, data: data)
    progress?(.scoring)
    let scored = score(data, sorts: correlated.forScoring, adjusted: adjusted, profile: options.profile, notes: &notes)
    progress?(.testing)
    let tested = test(adjusted, scored: scored, options: options, statementNumbers: data.statements.map(\.number))

    var result = Self.result(
      data, options: options, correlated: correlated, extracted: extracted, adjusted: adjusted, scored: scored,
      tested: tested, notes: notes)
    if let bootstrap = options.bootstrap {
      progress?(.bootstrapping)
      result.bootstrap = try Bootstrap.run(data, result: result, options: bootstrap)
    }
    return result
  }

  /// Refuses data no analysis can be run on: fewer than 2 sorts or 3 statements, or a repeated sort
  /// id (`sortIDs` can be changed after the data was checked; a dictionary built with unique keys
  /// would stop the process instead).
  static func checkRunnable(_ data: QSortData) throws(QMethodError) {
    let n = data.sortCount
    let s = data.statementCount
    guard n >= 2 else { throw .invalidData("an analysis needs at least 2 sorts; the data has \(n)") }
    guard s >= 3 else { throw .invalidData("an analysis needs at least 3 statements; the data has \(s)") }
    var seen: Set<String> = []
    for id in data.sortIDs where !seen.insert(id).inserted {
      throw .invalidData("sort id \"\(id)\" appears twice")
    }
  }
}
