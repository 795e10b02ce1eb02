import QMethod

extension AnalysisRunner {
  /// Runs the analysis of `data` and, when `options` ask for one, its bootstrap, telling `stage` what
  /// is under way: the engine's stages, then "bootstrapping: 300 of 1000 steps" as the steps advance
  /// (written to the row's `stage`, which the analysis page and the API show while it runs).
  ///
  /// The bootstrap is run here rather than inside `QAnalysis.run` only to hear its steps; the result
  /// is the one `QAnalysis.run` (and so `poetq analyze --bootstrap N --seed S`) gives for the same
  /// options, byte for byte (``AnalysisBootstrapTests``).
  static func analyse(
    _ data: QSortData, options: AnalysisOptions, stage: @escaping @Sendable (String) -> Void
  ) throws -> AnalysisResult {
    var plain = options
    plain.bootstrap = nil
    var result = try QAnalysis.run(data, options: plain) { stage($0.rawValue) }
    guard let bootstrap = options.bootstrap else { return result }
    result.options.bootstrap = bootstrap
    stage(bootstrapStage(0, of: bootstrap.steps))
    result.bootstrap = try Bootstrap.run(data, result: result, options: bootstrap) { done in
      stage(bootstrapStage(done, of: bootstrap.steps))
    }
    return result
  }

  /// The stage shown while the bootstrap runs.
  static func bootstrapStage(_ done: Int, of steps: Int) -> String {
    "\(AnalysisStage.bootstrapping.rawValue): \(done) of \(steps) steps"
  }
}
