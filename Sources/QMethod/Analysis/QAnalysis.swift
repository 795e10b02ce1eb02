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
    let n = data.sortCount
    let s = data.statementCount
    guard n >= 2 else { throw .invalidData("an analysis needs at least 2 sorts; the data has \(n)") }
    guard s >= 3 else { throw .invalidData("an analysis needs at least 3 statements; the data has \(s)") }
    // `sortIDs` can be changed after the data was checked, so a repeated id is refused here too
    // (a dictionary built with unique keys would stop the process instead).
    var sortIndex: [String: Int] = [:]
    for (row, id) in data.sortIDs.enumerated() where sortIndex.updateValue(row, forKey: id) != nil {
      throw .invalidData("sort id \"\(id)\" appears twice")
    }
    let profile = options.profile
    var notes: [String] = data.notes
    var warnings: [String] = []

    progress?(.standardising)
    let standardised = try StandardisedSorts(data, method: options.correlation)
    let forScoring = options.correlation == .pearson ? standardised : try StandardisedSorts(data)
    let correlations = n <= s ? standardised.correlationMatrix() : nil
    // One eigendecomposition of R (or of G = Z·Zᵀ/S) for the scree and for PCA.
    let eigen = SymmetricEigen(correlations ?? standardised.statementGram())
    let scree = eigen.values.map { max($0, 0) }

    progress?(.extracting)
    let maxFactors = options.extraction == .pca ? min(n, s) : n
    if let requested = options.factors, !(1...maxFactors).contains(requested) {
      throw .remedied(
        .invalidOptions("\(requested) factors cannot be kept from \(n) sorts and \(s) statements"),
        [.chooseFactors(maximum: maxFactors)])
    }
    var extracted: Int
    switch profile {
    case .pqmethod:
      extracted = options.extractedFactors ?? max(options.extraction.defaultFactorCount, options.factors ?? 0)
    case .qmethod:
      extracted = options.factors ?? options.extraction.defaultFactorCount
    }
    extracted = min(max(extracted, options.factors ?? 1), maxFactors)
    var extraction: FactorExtraction
    switch options.extraction {
    case .pca:
      extraction = PrincipalComponents.extract(standardised, factors: extracted, profile: profile, eigen: eigen)
    case .centroid: extraction = BrownCentroid.extract(standardised, factors: extracted, profile: profile)
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

    progress?(.rotating)
    var loadings = try rotated(
      extraction.loadings.selectingColumns(Array(0..<kept)), options: options, notes: &notes)
    for factor in options.invertedFactors {
      guard (1...kept).contains(factor) else {
        throw .invalidOptions("cannot invert factor \(factor): factors are numbered 1 to \(kept)")
      }
      for r in 0..<n { loadings[r, factor - 1] = -loadings[r, factor - 1] }
    }

    progress?(.flagging)
    var flags = Flagging.automatic(loadings, statementCount: s, z: options.flagZ, majority: options.flagMajority)
    for (sortID, factors) in options.manualFlags.sorted(by: { $0.key < $1.key }) {
      guard let row = sortIndex[sortID] else { throw .invalidOptions("flag for unknown sort \"\(sortID)\"") }
      for factor in factors where !(1...kept).contains(factor) {
        throw .invalidOptions("flag \(sortID)=\(factor): factors are numbered 1 to \(kept)")
      }
      flags[row] = (1...kept).map { factors.contains($0) }
    }
    var labels = (1...kept).map(String.init)
    for factor in options.splitFactors {
      guard (1...kept).contains(factor) else {
        throw .invalidOptions("cannot split factor \(factor): factors are numbered 1 to \(kept)")
      }
      let column = factor - 1
      let negativePole = (0..<n).map { -loadings[$0, column] }
      var widened = Matrix(rows: n, columns: loadings.columns + 1)
      for r in 0..<n {
        for c in 0..<loadings.columns { widened[r, c] = loadings[r, c] }
        widened[r, loadings.columns] = negativePole[r]
        let negative = flags[r][column] && loadings[r, column] < 0
        if negative { flags[r][column] = false }
        flags[r].append(negative)
      }
      loadings = widened
      labels.append("\(factor)−")
    }
    let factorCount = loadings.columns
    warnings += flagWarnings(flags: flags, loadings: loadings, labels: labels, sortIDs: data.sortIDs)

    progress?(.scoring)
    let zScores = FactorScores.zScores(
      data: data, sorts: forScoring, loadings: loadings, flags: flags, profile: profile)
    let slots: [Int]
    if let forced = data.distribution.slots {
      slots = forced
    } else {
      slots = FactorScores.fittedSlots(for: data)
      notes.append(
        "free distribution: factor arrays use the average number of statements the sorts put at each score")
    }
    let numbers = data.statements.map(\.number)
    let arrays = zScores.map { z in
      z.map { FactorScores.factorArray(zScores: $0, statementNumbers: numbers, slots: slots, profile: profile) }
    }
    for (factor, array) in arrays.enumerated() {
      if let array, array.sorted() != slots {
        warnings.append(
          "factor \(labels[factor]): tied z-scores share the lowest slot (qmethod's rule), so its array does not fit the distribution"
        )
      }
    }

    progress?(.testing)
    let characteristics = (0..<factorCount).map { c in
      FactorCharacteristics.compute(
        loadings: loadings.column(c), flags: flags.map { $0[c] }, averageReliability: options.averageReliability)
    }
    let scored = (0..<factorCount).filter { zScores[$0] != nil }
    let tests = StatementTests.compute(
      zScores: scored.map { zScores[$0]! }, factorNumbers: scored.map { $0 + 1 },
      seFactorScores: scored.map { characteristics[$0].seFactorScores }, statementNumbers: numbers, profile: profile)
    var distinguishing = Array(
      repeating: StatementTests.DistinguishingStatements(p05: [], p01: []), count: factorCount)
    for (position, factor) in scored.enumerated() { distinguishing[factor] = tests.distinguishing[position] }
    let factorCorrelations = (0..<factorCount).map { a in
      (0..<factorCount).map { b -> Double? in
        guard let x = zScores[a], let y = zScores[b] else { return nil }
        return a == b ? 1 : pearson(x, y)
      }
    }
    warnings += factorWarnings(characteristics: characteristics, correlations: factorCorrelations, labels: labels)

    var result = AnalysisResult(
      engineVersion: QMethodEngine.version,
      dataFingerprint: fingerprint(data),
      options: options,
      title: data.title,
      sorts: data.sortIDs,
      statements: numbers,
      statementTexts: data.statements.map(\.text),
      distribution: data.distribution,
      factorLabels: labels,
      correlations: correlations?.nestedRows,
      screeEigenvalues: scree,
      eigenvalues: extraction.eigenvalues,
      explainedVariance: extraction.eigenvalues.map { 100 * $0 / Double(n) },
      unrotatedLoadings: extraction.loadings.nestedRows,
      loadings: loadings.nestedRows,
      flags: flags,
      zScores: (0..<s).map { i in zScores.map { $0?[i] } },
      factorArrays: (0..<s).map { i in arrays.map { $0?[i] } },
      characteristics: characteristics,
      factorCorrelations: factorCorrelations,
      seDifferences: characteristics.map { a in characteristics.map { FactorCharacteristics.seDifference(a, $0) } },
      distinguishing: distinguishing,
      consensus: tests.consensus,
      consensusP05: tests.consensusP05,
      comparisons: tests.comparisons,
      qmethodLabels: tests.qmethodLabels,
      characteristicStatements: zScores.map { characteristicStatements($0, numbers: numbers) },
      exemplars: (0..<factorCount).map { c in
        (0..<n).filter { flags[$0][c] }
          .sorted { abs(loadings[$0, c]) > abs(loadings[$1, c]) }
          .map { AnalysisResult.Exemplar(sort: data.sortIDs[$0], loading: loadings[$0, c]) }
      },
      notes: notes,
      warnings: warnings,
      warningSorts: warningSortLists(warnings, flags: flags, loadings: loadings, labels: labels, sortIDs: data.sortIDs))
    if let bootstrap = options.bootstrap {
      progress?(.bootstrapping)
      result.bootstrap = try Bootstrap.run(data, result: result, options: bootstrap)
    }
    return result
  }

  /// The six highest and six lowest statements of a factor (ties by statement number).
  static func characteristicStatements(_ z: [Double]?, numbers: [Int]) -> AnalysisResult.CharacteristicStatements {
    guard let z else { return .init(mostAgree: [], mostDisagree: []) }
    let count = min(6, z.count)
    let descending = z.indices.sorted { z[$0] != z[$1] ? z[$0] > z[$1] : numbers[$0] < numbers[$1] }
    let ascending = z.indices.sorted { z[$0] != z[$1] ? z[$0] < z[$1] : numbers[$0] < numbers[$1] }
    return .init(
      mostAgree: descending.prefix(count).map { numbers[$0] }, mostDisagree: ascending.prefix(count).map { numbers[$0] }
    )
  }

  static func flagWarnings(flags: [[Bool]], loadings: Matrix, labels: [String], sortIDs: [String]) -> [String] {
    flagWarningLists(flags: flags, loadings: loadings, labels: labels, sortIDs: sortIDs).map(\.text)
  }

  /// The flag warnings with the full list of sorts each is about; the text names at most
  /// ``listedSorts`` of them and counts the rest, so one line stays readable at 1,000 sorts.
  static func flagWarningLists(flags: [[Bool]], loadings: Matrix, labels: [String], sortIDs: [String])
    -> [(text: String, factor: String?, sorts: [String])]
  {
    var warnings: [(text: String, factor: String?, sorts: [String])] = []
    let doubles = flags.indices.filter { flags[$0].filter { $0 }.count > 1 }.map { sortIDs[$0] }
    if !doubles.isEmpty {
      warnings.append(
        (
          "sorts flagged on more than one factor: \(listing(doubles)); each counts towards every factor it defines",
          nil, doubles
        ))
    }
    for c in labels.indices {
      let negative = flags.indices.filter { flags[$0][c] && loadings[$0, c] < 0 }.map { sortIDs[$0] }
      if !negative.isEmpty {
        warnings.append(
          (
            "factor \(labels[c]): \(listing(negative)) flagged with a negative loading (mirrored into the factor; consider splitting it)",
            labels[c], negative
          ))
      }
    }
    return warnings
  }

  /// Sorts named in a warning before the rest are counted.
  static let listedSorts = 10

  /// "A, B, C" — or the first ``listedSorts`` ids and "and 330 more".
  static func listing(_ ids: [String]) -> String {
    guard ids.count > listedSorts + 2 else { return ids.joined(separator: ", ") }
    return ids.prefix(listedSorts).joined(separator: ", ") + " and \(ids.count - listedSorts) more"
  }

  /// Each warning that lists sorts, by its position in `warnings`, with all its sorts.
  static func warningSortLists(
    _ warnings: [String], flags: [[Bool]], loadings: Matrix, labels: [String], sortIDs: [String]
  ) -> [AnalysisResult.WarningSorts] {
    flagWarningLists(flags: flags, loadings: loadings, labels: labels, sortIDs: sortIDs).compactMap { item in
      warnings.firstIndex(of: item.text).map { .init(warning: $0, factor: item.factor, sorts: item.sorts) }
    }
  }

  static func factorWarnings(characteristics: [FactorCharacteristics], correlations: [[Double?]], labels: [String])
    -> [String]
  {
    var warnings: [String] = []
    for (c, characteristic) in characteristics.enumerated() {
      switch characteristic.definingSorts {
      case 0: warnings.append("factor \(labels[c]) has no defining sort: it has no z-scores or array")
      case 1, 2:
        warnings.append("factor \(labels[c]) has only \(characteristic.definingSorts) defining sort(s)")
      default: break
      }
    }
    for a in labels.indices {
      for b in (a + 1)..<max(a + 1, labels.count) {
        if let r = correlations[a][b], abs(r) >= 0.8 {
          warnings.append(
            "factors \(labels[a]) and \(labels[b]) correlate at \(String(format: "%.2f", r)): consider fewer factors")
        }
      }
    }
    return warnings
  }

  /// FNV-1a 64-bit over the distribution, statement numbers, sort ids and scores: the result's
  /// `dataFingerprint`, so a server can record a snapshot's hash before the run.
  public static func fingerprint(_ data: QSortData) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ value: some BinaryInteger) {
      withUnsafeBytes(of: Int64(value).littleEndian) { bytes in
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      }
    }
    mix(data.distribution.minScore)
    mix(data.distribution.maxScore)
    for capacity in data.distribution.capacities ?? [] { mix(capacity) }
    for statement in data.statements { mix(statement.number) }
    for id in data.sortIDs {
      for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      mix(0)
    }
    for score in data.scores { mix(score) }
    return String(hash, radix: 16)
  }
}
