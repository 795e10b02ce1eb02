import Foundation

extension QAnalysis {
  /// The unrotated factors and how many of them the analysis keeps.
  struct ExtractedFactors {
    let extraction: FactorExtraction
    /// Factors kept for rotation and scoring (the first `kept` columns of the extraction).
    let kept: Int
  }

  /// Stage 2: extract the unrotated factors (PQMethod extracts its default 7 or 8 for the
  /// unrotated table; qmethod exactly those asked for) and choose how many to keep: those asked
  /// for, Horst's own stop, or those with an eigenvalue above 1 (at most 7).
  static func extract(_ correlated: CorrelatedSorts, options: AnalysisOptions, notes: inout [String])
    throws(QMethodError) -> ExtractedFactors
  {
    let standardised = correlated.standardised
    let n = standardised.sortCount
    let s = standardised.statementCount
    let maxFactors = options.extraction == .pca ? min(n, s) : n
    if let requested = options.factors, !(1...maxFactors).contains(requested) {
      throw .remedied(
        .invalidOptions("\(requested) factors cannot be kept from \(n) sorts and \(s) statements"),
        [.chooseFactors(maximum: maxFactors)])
    }
    var extracted: Int
    switch options.profile {
    case .pqmethod:
      extracted = options.extractedFactors ?? max(options.extraction.defaultFactorCount, options.factors ?? 0)
    case .qmethod:
      extracted = options.factors ?? options.extraction.defaultFactorCount
    }
    extracted = min(max(extracted, options.factors ?? 1), maxFactors)
    let extraction: FactorExtraction
    switch options.extraction {
    case .pca:
      extraction = PrincipalComponents.extract(
        standardised, factors: extracted, profile: options.profile, eigen: correlated.eigen)
    case .centroid:
      extraction = BrownCentroid.extract(standardised, factors: extracted, profile: options.profile)
    case .horst:
      extraction = HorstCentroid.extract(standardised, maxFactors: extracted, autoStop: options.factors == nil)
      if extraction.loadings.columns == 0 {
        throw .invalidData("Horst's centroid found no factor: the correlations are too small to extract one")
      }
    }
    notes += extraction.notes
    let kept: Int
    if let requested = options.factors {
      guard requested <= extraction.loadings.columns else {
        throw .remedied(
          .invalidOptions("only \(extraction.loadings.columns) factors were extracted; \(requested) were asked for"),
          [.chooseFactors(maximum: extraction.loadings.columns)])
      }
      kept = requested
    } else if options.extraction == .horst {
      kept = extraction.loadings.columns
    } else {
      kept = min(max(extraction.eigenvalues.prefix(7).filter { $0 > 1 }.count, 1), extraction.loadings.columns)
      notes.append("\(kept) factors kept (unrotated eigenvalue above 1); the number kept can be chosen")
    }
    return ExtractedFactors(extraction: extraction, kept: kept)
  }
}
