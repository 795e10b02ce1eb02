import Foundation

/// The warnings an analysis gives about its sorts and factors.
extension QAnalysis {
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
}
