import Foundation

/// The bootstrap of a Q analysis (Zabala & Pascual 2016, *PLoS ONE* 11(2): e0148087; Efron &
/// Tibshirani 1993, *An Introduction to the Bootstrap*): how much of a factor solution would
/// survive another sample of participants.
///
/// Each step draws N sorts with replacement from the N sorts (xoshiro256**, seeded per step from
/// the seed and the step number, so the result does not depend on the platform or on how steps are
/// scheduled), runs the same analysis as the full solution on the resample — extraction, rotation,
/// judgmental steps, inversion, then flags, splitting, z-scores and arrays under the same profile,
/// with the full solution's number of factors — and aligns the step's factors with the full
/// solution's before comparing: by default the orthogonal Procrustes rotation Q = U·Vᵀ of
/// LᵀT_b = U·Σ·Vᵀ, with T_b the full solution's loadings of the sorts the step drew (Schönemann
/// 1966), which settles re-ordered, mirrored and rotated factors alike for any number of factors.
/// Flags are then taken from the aligned loadings, as qmethod's `qmboots` does after its alignment.
public enum Bootstrap {
  /// Bootstraps `result`, the analysis of `data`, with `options`.
  /// - Parameter progress: called with the number of steps done, now and then.
  /// - Throws: `QMethodError.invalidOptions` for a step count outside 1…100,000;
  ///   `.invalidData` when `result` is not an analysis of `data`.
  public static func run(
    _ data: QSortData, result: AnalysisResult, options: BootstrapOptions,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(QMethodError) -> BootstrapResult {
    guard (1...BootstrapOptions.maxSteps).contains(options.steps) else {
      throw .invalidOptions("bootstrap steps must be between 1 and \(BootstrapOptions.maxSteps); got \(options.steps)")
    }
    guard result.dataFingerprint == QAnalysis.fingerprint(data) else {
      throw .invalidData("the result to bootstrap is not an analysis of this data")
    }
    var analysis = result
    analysis.options.bootstrap = options
    let resampler = try BootstrapResampler(data: data, result: analysis)
    var tally = BootstrapTally(result: result, steps: options.steps)
    let n = data.sortCount
    var indices = [Int](repeating: 0, count: n)
    for step in 0..<options.steps {
      var generator = Xoshiro256(seed: stepSeed(options.seed, step: step))
      for a in 0..<n { indices[a] = generator.uniform(below: n) }
      let outcome = try resampler.step(indices)
      tally.add(outcome, indices: indices, step: step)
      if let progress, (step + 1) % 100 == 0 || step + 1 == options.steps { progress(step + 1) }
    }
    return tally.summary(result: result, options: options, slots: resampler.slots)
  }

  /// The seed of step `step`: the run's seed and the step number mixed by SplitMix64's finaliser,
  /// then expanded by ``Xoshiro256``; each step's stream is independent of the others'.
  static func stepSeed(_ seed: UInt64, step: Int) -> UInt64 {
    var mixer = SplitMix64(seed: seed ^ (UInt64(step) &* 0xD1B5_4A32_D192_ED03))
    return mixer.next()
  }
}

/// Running totals of the steps, then their summary.
struct BootstrapTally {
  let steps: Int
  let sortCount: Int
  let statementCount: Int
  let factorCount: Int
  let kept: Int
  let fullZ: [[Double]?]
  let fullArrays: [[Int]?]
  let fullFlags: [[Bool]]
  /// Per factor, steps × statements z-scores (rows of undefined steps unused).
  var zScores: [[Double]]
  var defined: [[Bool]]
  var positionKept: [[Int]]
  var positionExact: [[Int]]
  var correlations: [[Double]]
  var definingSorts: [Int]
  var drawn: [Int]
  var flagged: [[Int]]
  var loadingSum: [[Double]]
  var loadingSquares: [[Double]]
  var congruence: [Double]
  var reorderedByFactor: [Int]
  var reflectedByFactor: [Int]
  var reorderedSteps: [Int] = []
  var reflectedSteps: [Int] = []
  private var seen: [Int]

  init(result: AnalysisResult, steps: Int) {
    self.steps = steps
    sortCount = result.sorts.count
    statementCount = result.statements.count
    factorCount = result.factorLabels.count
    kept = factorCount - result.options.splitFactors.count
    fullZ = (0..<factorCount).map { f in result.zScores.first?[f] == nil ? nil : result.zScores.map { $0[f]! } }
    fullArrays = (0..<factorCount).map { f in
      result.factorArrays.first?[f] == nil ? nil : result.factorArrays.map { $0[f]! }
    }
    fullFlags = result.flags
    zScores = Array(repeating: [Double](repeating: 0, count: steps * statementCount), count: factorCount)
    defined = Array(repeating: [Bool](repeating: false, count: steps), count: factorCount)
    positionKept = Array(repeating: [Int](repeating: 0, count: statementCount), count: factorCount)
    positionExact = positionKept
    correlations = Array(repeating: [], count: factorCount)
    definingSorts = [Int](repeating: 0, count: factorCount)
    drawn = [Int](repeating: 0, count: sortCount)
    flagged = Array(repeating: [Int](repeating: 0, count: factorCount), count: sortCount)
    loadingSum = Array(repeating: [Double](repeating: 0, count: factorCount), count: sortCount)
    loadingSquares = loadingSum
    congruence = [Double](repeating: 0, count: kept)
    reorderedByFactor = [Int](repeating: 0, count: kept)
    reflectedByFactor = [Int](repeating: 0, count: kept)
    seen = [Int](repeating: -1, count: sortCount)
  }

  mutating func add(_ outcome: BootstrapResampler.Step, indices: [Int], step: Int) {
    let s = statementCount
    for f in 0..<factorCount {
      definingSorts[f] += outcome.flags.reduce(0) { $0 + ($1[f] ? 1 : 0) }
      guard let z = outcome.zScores[f] else { continue }
      defined[f][step] = true
      for i in 0..<s { zScores[f][step * s + i] = z[i] }
      if let full = fullZ[f] { correlations[f].append(pearson(z, full)) }
      if let full = fullArrays[f], let array = outcome.arrays[f] {
        for i in 0..<s {
          let distance = abs(array[i] - full[i])
          if distance <= 1 { positionKept[f][i] += 1 }
          if distance == 0 { positionExact[f][i] += 1 }
        }
      }
    }
    for (a, row) in indices.enumerated() where seen[row] != step {
      seen[row] = step
      drawn[row] += 1
      for f in 0..<factorCount {
        if outcome.flags[a][f] { flagged[row][f] += 1 }
        let loading = outcome.loadings[a, f]
        loadingSum[row][f] += loading
        loadingSquares[row][f] += loading * loading
      }
    }
    for c in 0..<kept {
      congruence[c] += outcome.congruence[c]
      if outcome.permutation.source[c] != c { reorderedByFactor[c] += 1 }
      if outcome.permutation.signs[c] < 0 { reflectedByFactor[c] += 1 }
    }
    if outcome.permutation.reorders { reorderedSteps.append(step + 1) }
    if outcome.permutation.reflects { reflectedSteps.append(step + 1) }
  }

  func summary(result: AnalysisResult, options: BootstrapOptions, slots: [Int]) -> BootstrapResult {
    let s = statementCount
    var mean = [[Double?]](repeating: [Double?](repeating: nil, count: factorCount), count: s)
    var sd = mean
    var lower = mean
    var upper = mean
    var keptShare = mean
    var exact = mean
    var arrays = [[Int?]](repeating: [Int?](repeating: nil, count: factorCount), count: s)
    var factors: [BootstrapFactorStability] = []
    let numbers = result.statements
    let maximumChange = 2 * slots.reduce(0) { $0 + abs($1) }
    for f in 0..<factorCount {
      let steps = (0..<self.steps).filter { defined[f][$0] }
      var means = [Double](repeating: 0, count: s)
      if !steps.isEmpty {
        for i in 0..<s {
          let values = steps.map { zScores[f][$0 * s + i] }
          let m = values.reduce(0, +) / Double(values.count)
          means[i] = m
          mean[i][f] = m
          sd[i][f] =
            values.count > 1
            ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : nil
          let sorted = values.sorted()
          lower[i][f] = quantile(sorted, 0.025)
          upper[i][f] = quantile(sorted, 0.975)
        }
        let array = FactorScores.factorArray(
          zScores: means, statementNumbers: numbers, slots: slots, profile: result.options.profile)
        for i in 0..<s { arrays[i][f] = array[i] }
      }
      var unstableStatements: [Int] = []
      if fullArrays[f] != nil {
        for i in 0..<s {
          keptShare[i][f] = Double(positionKept[f][i]) / Double(self.steps)
          exact[i][f] = Double(positionExact[f][i]) / Double(self.steps)
          if keptShare[i][f]! < BootstrapResult.stableShare { unstableStatements.append(numbers[i]) }
        }
      }
      var unstableSorts: [String] = []
      for row in 0..<sortCount where drawn[row] > 0 {
        let frequency = Double(flagged[row][f]) / Double(drawn[row])
        let disagreement = fullFlags[row][f] ? 1 - frequency : frequency
        if disagreement > 1 - BootstrapResult.stableShare { unstableSorts.append(result.sorts[row]) }
      }
      let sortedCorrelations = correlations[f].sorted()
      var stability: Double? = nil
      if let full = fullArrays[f], !steps.isEmpty {
        stability = Double(zip(full, (0..<s).map { arrays[$0][f]! }).reduce(0) { $0 + abs($1.0 - $1.1) }) / Double(s)
      }
      let positionShares = (0..<s).compactMap { keptShare[$0][f] }
      // A split factor's negative pole was aligned as the factor it came from.
      let source = f < self.kept ? f : result.options.splitFactors[f - self.kept] - 1
      factors.append(
        BootstrapFactorStability(
          label: result.factorLabels[f], definedSteps: steps.count,
          meanDefiningSorts: Double(definingSorts[f]) / Double(self.steps),
          zScoreCorrelation: sortedCorrelations.isEmpty
            ? nil : sortedCorrelations.reduce(0, +) / Double(sortedCorrelations.count),
          zScoreCorrelationLow: sortedCorrelations.isEmpty ? nil : quantile(sortedCorrelations, 0.05),
          arrayPositionKept: positionShares.isEmpty
            ? nil : positionShares.reduce(0, +) / Double(positionShares.count),
          unstableStatements: unstableStatements, unstableSorts: unstableSorts,
          loadingCongruence: congruence[source] / Double(self.steps),
          stabilityIndex: stability,
          normalisedStabilityIndex: stability.map { maximumChange > 0 ? $0 / Double(maximumChange) : 0 },
          reorderedSteps: reorderedByFactor[source],
          reflectedSteps: reflectedByFactor[source]))
    }
    let flagFrequency = (0..<sortCount).map { row in
      (0..<factorCount).map { f in drawn[row] > 0 ? Double(flagged[row][f]) / Double(drawn[row]) : nil }
    }
    let loadingMean = (0..<sortCount).map { row in
      (0..<factorCount).map { f in drawn[row] > 0 ? loadingSum[row][f] / Double(drawn[row]) : nil }
    }
    let loadingSD = (0..<sortCount).map { row -> [Double?] in
      (0..<factorCount).map { f -> Double? in
        let count = Double(drawn[row])
        guard count > 1 else { return nil }
        let m = loadingSum[row][f] / count
        return (max(loadingSquares[row][f] - count * m * m, 0) / (count - 1)).squareRoot()
      }
    }
    var notes: [String] = []
    let never = (0..<sortCount).filter { drawn[$0] == 0 }.count
    if never > 0 { notes.append("\(never) sorts were never drawn: their flag frequency is null") }
    notes.append(
      "\(reorderedSteps.count) of \(steps) steps came out with the factors in another order, \(reflectedSteps.count) with a factor mirrored; the \(options.alignment.rawValue) alignment set them right"
    )
    return BootstrapResult(
      steps: steps, seed: options.seed, alignment: options.alignment, factorLabels: result.factorLabels,
      zScoreMean: mean, zScoreSD: sd, zScoreLower: lower, zScoreUpper: upper, arrayPositionKept: keptShare,
      arrayPositionExact: exact, bootstrapArrays: arrays, flagFrequency: flagFrequency, loadingMean: loadingMean,
      loadingSD: loadingSD, drawnSteps: drawn, factors: factors, reorderedSteps: reorderedSteps,
      reflectedSteps: reflectedSteps, notes: notes)
  }

  /// R's default (type 7) quantile of sorted values: x[h] interpolated at h = (n − 1)·p.
  func quantile(_ sorted: [Double], _ p: Double) -> Double {
    let h = Double(sorted.count - 1) * p
    let low = Int(h.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
  }
}
