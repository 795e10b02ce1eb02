import Foundation

/// One bootstrap step's analysis of a resample of the sorts, computed from the full data without
/// building the resample: everything a resample needs is gathered by index.
///
/// Why gathering is exact: a sort's standardisation (and its Spearman ranks) uses only its own
/// scores, so a resampled sort is the same standardised column z_k wherever and however often it is
/// drawn; the resample's correlation between positions a and b is therefore r(idx_a, idx_b) of the
/// full matrix — including two copies of one sort, whose correlation is r_kk = 1, the value the full
/// matrix holds on its diagonal. With more sorts than statements the resample's S × S matrix
/// G = Z_b·Z_bᵀ/S = Σ_k c_k·z_k·z_kᵀ/S sums each distinct drawn sort k with its count c_k.
struct BootstrapResampler {
  let options: AnalysisOptions
  let sortCount: Int
  let statementCount: Int
  /// Factors before splitting (what is extracted, rotated and aligned).
  let kept: Int
  /// Factors after splitting (what is flagged and scored).
  let factorCount: Int
  let standardised: StandardisedSorts
  let forScoring: StandardisedSorts
  let rawScores: [Double]
  /// The full correlation matrix, row-major, when sorts ≤ statements.
  let correlations: [Double]?
  /// The full solution's loadings before splitting: the alignment target.
  let target: Matrix
  let manualFlags: [Int: [Bool]]
  let slots: [Int]
  let statementNumbers: [Int]
  let horstFactors: Int

  /// What one step found, factors aligned with the full solution.
  struct Step {
    var loadings: Matrix  // resample rows × factors (after splitting)
    var flags: [[Bool]]
    var zScores: [[Double]?]
    var arrays: [[Int]?]
    var permutation: SignedPermutation
    var congruence: [Double]
  }

  init(data: QSortData, result: AnalysisResult) throws(QMethodError) {
    options = result.options
    sortCount = data.sortCount
    statementCount = data.statementCount
    factorCount = result.factorLabels.count
    kept = factorCount - options.splitFactors.count
    standardised = try StandardisedSorts(data, method: options.correlation)
    forScoring = options.correlation == .pearson ? standardised : try StandardisedSorts(data)
    rawScores = data.scores.map(Double.init)
    correlations = sortCount <= statementCount ? standardised.correlationMatrix().values : nil
    target = Matrix(result.loadings).selectingColumns(Array(0..<kept))
    var manual: [Int: [Bool]] = [:]
    for (row, id) in data.sortIDs.enumerated() {
      if let factors = options.manualFlags[id] { manual[row] = (1...max(kept, 1)).map { factors.contains($0) } }
    }
    manualFlags = manual
    slots = data.distribution.slots ?? FactorScores.fittedSlots(for: data)
    statementNumbers = data.statements.map(\.number)
    horstFactors = result.unrotatedLoadings.first?.count ?? kept
  }

  /// The analysis of the resample `indices` (positions into the full data's sorts).
  func step(_ indices: [Int]) throws(QMethodError) -> Step {
    let n = indices.count
    var unrotated = try extract(indices)
    var notes: [String] = []
    var loadings = try QAnalysis.rotated(unrotated, options: options, notes: &notes)
    unrotated = Matrix(rows: 0, columns: 0)
    QAnalysis.invert(&loadings, factors: options.invertedFactors)

    // Align with the full solution over the sorts drawn: B = LᵀT_b.
    var cross = Matrix(rows: kept, columns: kept)
    for (a, row) in indices.enumerated() {
      for i in 0..<kept {
        let l = loadings[a, i]
        for j in 0..<kept { cross[i, j] += l * target[row, j] }
      }
    }
    let permutation: SignedPermutation
    switch options.bootstrap?.alignment ?? .procrustes {
    case .procrustes:
      let rotation = OrthogonalProcrustes.rotation(crossProduct: cross)
      permutation = SignedPermutation.closest(to: rotation)
      loadings = loadings * rotation
    case .reorder:
      permutation = SignedPermutation.closest(to: cross)
      loadings = loadings * permutation.matrix
    }
    var congruence = [Double](repeating: 0, count: kept)
    for c in 0..<kept {
      var (at, aa, tt) = (0.0, 0.0, 0.0)
      for (a, row) in indices.enumerated() {
        let (x, y) = (loadings[a, c], target[row, c])
        at += x * y
        aa += x * x
        tt += y * y
      }
      congruence[c] = aa > 0 && tt > 0 ? at / (aa * tt).squareRoot() : 0
    }

    var flags = Flagging.automatic(
      loadings, statementCount: statementCount, z: options.flagZ, majority: options.flagMajority)
    for (a, row) in indices.enumerated() {
      if let manual = manualFlags[row] { flags[a] = manual }
    }
    for factor in options.splitFactors where (1...kept).contains(factor) {
      QAnalysis.splitPole(of: factor - 1, loadings: &loadings, flags: &flags)
    }

    let zScores = scores(indices, loadings: loadings, flags: flags)
    let arrays = zScores.map { z in
      z.map {
        FactorScores.factorArray(
          zScores: $0, statementNumbers: statementNumbers, slots: slots, profile: options.profile)
      }
    }
    return Step(
      loadings: loadings, flags: flags, zScores: zScores, arrays: arrays, permutation: permutation,
      congruence: congruence)
  }

  /// The resample's unrotated loadings of the kept factors, by the analysis's extraction.
  func extract(_ indices: [Int]) throws(QMethodError) -> Matrix {
    let n = indices.count
    var loadings: Matrix
    switch options.extraction {
    case .pca:
      loadings = principalComponents(indices)
    case .centroid:
      loadings = BrownCentroid.extract(gathered(indices), factors: kept, profile: options.profile).loadings
    case .horst:
      let extraction = HorstCentroid.extract(
        gathered(indices), maxFactors: horstFactors, autoStop: options.factors == nil)
      loadings = Matrix(rows: n, columns: kept)
      for r in 0..<n {
        for c in 0..<min(kept, extraction.loadings.columns) { loadings[r, c] = extraction.loadings[r, c] }
      }
    }
    return loadings
  }

  /// The resample's standardised sorts (for the centroid extractions, which read them directly).
  func gathered(_ indices: [Int]) -> StandardisedSorts {
    let s = statementCount
    var z = [Double](repeating: 0, count: indices.count * s)
    for (a, row) in indices.enumerated() {
      for i in 0..<s { z[a * s + i] = standardised.z[row * s + i] }
    }
    return StandardisedSorts(statementCount: s, sortCount: indices.count, z: z)
  }

  /// Principal components of the resample (``PrincipalComponents``, the kept factors only): from
  /// the gathered N × N correlations when sorts ≤ statements, otherwise from G = Σ_k c_k·z_k·z_kᵀ/S
  /// with loadings z_k·u_c/√S; then the profile's sign rule.
  func principalComponents(_ indices: [Int]) -> Matrix {
    let n = indices.count
    let s = statementCount
    var loadings = Matrix(rows: n, columns: kept)
    if let correlations {
      var gathered = [Double](repeating: 0, count: n * n)
      for (a, row) in indices.enumerated() {
        for (b, column) in indices.enumerated() { gathered[a * n + b] = correlations[row * sortCount + column] }
      }
      let eigen = LeadingEigenpairs(gathered, n: n, count: kept)
      for c in 0..<kept {
        let root = max(eigen.values[c], 0).squareRoot()
        for a in 0..<n { loadings[a, c] = eigen.vectors[a * kept + c] * root }
      }
    } else {
      var counts = [Int](repeating: 0, count: sortCount)
      for row in indices { counts[row] += 1 }
      var gram = [Double](repeating: 0, count: s * s)
      standardised.z.withUnsafeBufferPointer { z in
        gram.withUnsafeMutableBufferPointer { g in
          for row in 0..<sortCount where counts[row] > 0 {
            let base = row * s
            let weight = Double(counts[row])
            for i in 0..<s {
              let zi = weight * z[base + i]
              if zi == 0 { continue }
              for l in 0...i { g[i * s + l] += zi * z[base + l] }
            }
          }
        }
      }
      let scale = 1 / Double(s)
      for index in gram.indices { gram[index] *= scale }
      let eigen = LeadingEigenpairs(gram, n: s, count: kept)
      let rootS = Double(s).squareRoot()
      var bySort = [Double](repeating: .nan, count: sortCount * kept)
      standardised.z.withUnsafeBufferPointer { z in
        eigen.vectors.withUnsafeBufferPointer { u in
          for row in 0..<sortCount where counts[row] > 0 {
            for c in 0..<kept {
              var sum = 0.0
              for i in 0..<s { sum += z[row * s + i] * u[i * kept + c] }
              bySort[row * kept + c] = sum / rootS
            }
          }
        }
      }
      for (a, row) in indices.enumerated() {
        for c in 0..<kept { loadings[a, c] = bySort[row * kept + c] }
      }
    }
    applySignRule(&loadings, profile: options.profile)
    return loadings
  }

  /// z-scores of the resample as ``FactorScores/zScores`` computes them (flagged positions in
  /// resample order, a sort drawn twice weighted twice).
  func scores(_ indices: [Int], loadings: Matrix, flags: [[Bool]]) -> [[Double]?] {
    let s = statementCount
    return (0..<loadings.columns).map { factor -> [Double]? in
      var sums = [Double](repeating: 0, count: s)
      var any = false
      for (a, row) in indices.enumerated() where flags[a][factor] {
        let w = FactorScores.weight(loadings[a, factor])
        if w == 0 { continue }
        any = true
        let source = options.profile == .pqmethod ? forScoring.z : rawScores
        let base = row * s
        for i in 0..<s { sums[i] += w * source[base + i] }
      }
      return any ? FactorScores.standardise(sums) : nil
    }
  }
}

extension StandardisedSorts {
  /// Sorts already standardised (a bootstrap resample gathered from a dataset's).
  init(statementCount: Int, sortCount: Int, z: [Double]) {
    precondition(z.count == statementCount * sortCount)
    self.statementCount = statementCount
    self.sortCount = sortCount
    self.z = z
  }
}
