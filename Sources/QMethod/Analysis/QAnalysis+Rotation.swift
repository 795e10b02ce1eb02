extension QAnalysis {
  /// Stage 3: rotate the kept factors (``rotated(_:options:notes:)``), then reverse the sign of
  /// the factors the researcher inverted (PQMethod's "invert factor").
  static func rotate(_ extracted: ExtractedFactors, options: AnalysisOptions, notes: inout [String])
    throws(QMethodError) -> Matrix
  {
    let kept = extracted.kept
    var loadings = try rotated(
      extracted.extraction.loadings.selectingColumns(Array(0..<kept)), options: options, notes: &notes)
    for factor in options.invertedFactors {
      guard (1...kept).contains(factor) else {
        throw .invalidOptions("cannot invert factor \(factor): factors are numbered 1 to \(kept)")
      }
    }
    invert(&loadings, factors: options.invertedFactors)
    return loadings
  }

  /// Reverses the sign of each factor (1-based) in `factors`, in order; numbers outside the
  /// loadings' columns are skipped (the analysis refused them before a bootstrap step meets them).
  static func invert(_ loadings: inout Matrix, factors: [Int]) {
    for factor in factors where factor >= 1 && factor <= loadings.columns {
      for r in 0..<loadings.rows { loadings[r, factor - 1] = -loadings[r, factor - 1] }
    }
  }

  /// The kept unrotated factors rotated as `options` asks: the profile's varimax (and its sign
  /// rule), qmethod's PCA reordering by sum of squares (psych::principal), then the judgmental
  /// steps. One function for the analysis and for each bootstrap step, so both rotate alike.
  static func rotated(_ unrotated: Matrix, options: AnalysisOptions, notes: inout [String]) throws(QMethodError)
    -> Matrix
  {
    let profile = options.profile
    let kept = unrotated.columns
    var loadings = unrotated
    if kept >= 2 && options.rotation != .none {
      switch (profile, options.rotation) {
      case (.pqmethod, .varimax):
        loadings = Varimax.rotate(loadings, algorithm: .pqmethod)
        applySignRule(&loadings, profile: .pqmethod)
      case (.qmethod, .varimax):
        loadings = Varimax.rotate(loadings, algorithm: .svd)
      default:
        loadings = Varimax.rotate(loadings, algorithm: .pairwise)
        applySignRule(&loadings, profile: .pqmethod)
        notes.append(
          "varimax to the exact optimum: the factors may be numbered or signed differently from \(profile == .pqmethod ? "PQMethod/KADE" : "R's varimax")"
        )
      }
    }
    if profile == .qmethod && options.extraction == .pca && kept >= 2 {
      // psych::principal: order by sum of squares (stable), then make every column sum positive.
      let sumsOfSquares = loadings.columnSumsOfSquares
      let order = (0..<kept).sorted {
        sumsOfSquares[$0] != sumsOfSquares[$1] ? sumsOfSquares[$0] > sumsOfSquares[$1] : $0 < $1
      }
      loadings = loadings.selectingColumns(order)
      applySignRule(&loadings, profile: .qmethod)
    }
    return try JudgmentalRotation.apply(options.judgmentalRotation, to: loadings)
  }
}
