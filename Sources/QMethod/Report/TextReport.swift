import Foundation

/// A plain-text report of an analysis in the order of PQMethod's `.LIS` file: correlations, unrotated
/// and rotated loadings with defining sorts marked, factor scores, differences, arrays, factor
/// characteristics, distinguishing and consensus statements.
public enum TextReport {
  public static func render(_ result: AnalysisResult) -> String {
    var out = ReportWriter()
    header(result, &out)
    correlations(result, &out)
    unrotated(result, &out)
    cumulativeCommunalities(result, &out)
    rotated(result, &out)
    factorScores(result, &out)
    factorScoreRanks(result, &out)
    differences(result, &out)
    arrays(result, &out)
    consensusToDisagreement(result, &out)
    interpretation(result, &out)
    characteristics(result, &out)
    distinguishing(result, &out)
    consensus(result, &out)
    bootstrap(result, &out)
    return out.text
  }

  static func header(_ result: AnalysisResult, _ out: inout ReportWriter) {
    let options = result.options
    out.line("POETQ analysis — \(result.title.isEmpty ? "untitled" : result.title)")
    out.line(
      "\(result.sorts.count) sorts × \(result.statements.count) statements; grid \(gridDescription(result.distribution))"
    )
    var method =
      "\(options.extraction.rawValue) extraction, \(result.unrotatedLoadings.first?.count ?? 0) factors extracted, \(result.factorLabels.count) kept"
    method += ", rotation \(options.rotation.rawValue)"
    if !options.judgmentalRotation.isEmpty {
      method +=
        " then "
        + options.judgmentalRotation.map { "\($0.first)–\($0.second) by \(fixed($0.degrees, 1))°" }
        .joined(separator: ", ")
    }
    out.line(method)
    out.line(
      "profile \(options.profile.rawValue); \(options.correlation.rawValue) correlation; flags |a| > \(fixed(options.flagZ, 3))/√\(result.statements.count)\(options.flagMajority ? " and a² > rest of h²" : "")\(options.manualFlags.isEmpty ? "" : "; manual flags for \(options.manualFlags.count) sorts")"
    )
    out.line("engine \(result.engineVersion); data fingerprint \(result.dataFingerprint)")
    for note in result.notes { out.line("note: \(note)") }
    for warning in result.warnings { out.line("warning: \(warning)") }
  }

  static func correlations(_ result: AnalysisResult, _ out: inout ReportWriter) {
    out.section("Correlation matrix between sorts (× 100)")
    guard let matrix = result.correlations else {
      out.line("(not printed: \(result.sorts.count) sorts outnumber the \(result.statements.count) statements)")
      return
    }
    let blocks = stride(from: 0, to: result.sorts.count, by: 15).map { Array($0..<min($0 + 15, result.sorts.count)) }
    for block in blocks {
      out.line(pad("Sort", 10) + block.map { pad(abbreviated(result.sorts[$0], 4), 5, right: true) }.joined())
      for (j, id) in result.sorts.enumerated() {
        out.line(
          pad(abbreviated(id, 10), 10)
            + block.map { pad(String(Int((matrix[j][$0] * 100).rounded())), 5, right: true) }.joined())
      }
      out.blank()
    }
  }

  static func loadingTable(
    _ result: AnalysisResult, _ rows: [[Double]], labels: [String], flags: [[Bool]]?, _ out: inout ReportWriter
  ) {
    out.line(pad("Sort", 12) + labels.map { pad($0, 9, right: true) }.joined())
    for (j, id) in result.sorts.enumerated() {
      let cells = rows[j].enumerated().map { c, value -> String in
        let mark = flags?[j][c] == true ? "X" : " "
        return pad(fixed(value, 4) + mark, 9, right: true)
      }
      out.line(pad(abbreviated(id, 12), 12) + cells.joined())
    }
  }

  static func unrotated(_ result: AnalysisResult, _ out: inout ReportWriter) {
    let count = result.unrotatedLoadings.first?.count ?? 0
    out.section("Unrotated factor matrix (\(result.options.extraction.rawValue))")
    let labels = (1...max(count, 1)).prefix(count).map { "F\($0)" }
    loadingTable(result, result.unrotatedLoadings, labels: labels, flags: nil, &out)
    out.line(
      pad("Eigenvalues", 12) + result.eigenvalues.prefix(count).map { pad(fixed($0, 4), 9, right: true) }.joined())
    out.line(
      pad("% expl.var.", 12) + result.explainedVariance.prefix(count).map { pad(fixed($0, 0), 9, right: true) }.joined()
    )
    if result.screeEigenvalues.count > count {
      out.blank()
      out.line(
        "Eigenvalues of the correlation matrix (scree): "
          + result.screeEigenvalues.prefix(20).map { fixed($0, 3) }.joined(separator: " "))
    }
  }

  static func rotated(_ result: AnalysisResult, _ out: inout ReportWriter) {
    out.section("Factor matrix with X marking a defining sort")
    loadingTable(result, result.loadings, labels: result.factorLabels.map { "F\($0)" }, flags: result.flags, &out)
    out.line(
      pad("% expl.var.", 12)
        + result.characteristics.map { pad(fixed($0.explainedVariance, 0), 9, right: true) }.joined())
  }

  static func factorScores(_ result: AnalysisResult, _ out: inout ReportWriter) {
    out.section("Correlations between factor scores")
    out.line(pad("", 8) + result.factorLabels.map { pad("F\($0)", 8, right: true) }.joined())
    for (a, label) in result.factorLabels.enumerated() {
      out.line(
        pad("F\(label)", 8)
          + result.factorCorrelations[a].map { pad($0.map { fixed($0, 4) } ?? "—", 8, right: true) }.joined())
    }
    for (factor, label) in result.factorLabels.enumerated() {
      out.section("Normalised factor scores for factor \(label)")
      guard result.zScores.first?[factor] != nil else {
        out.line("(no defining sort)")
        continue
      }
      let order = result.statements.indices.sorted {
        (result.zScores[$0][factor] ?? -.infinity) > (result.zScores[$1][factor] ?? -.infinity)
      }
      out.line(pad("No.", 5) + pad("Statement", 62) + pad("Z-score", 9, right: true) + pad("Array", 7, right: true))
      for i in order {
        out.line(
          pad(String(result.statements[i]), 5) + pad(abbreviated(text(result, i), 60), 62)
            + pad(result.zScores[i][factor].map { fixed($0, 3) } ?? "", 9, right: true)
            + pad(result.factorArrays[i][factor].map(String.init) ?? "", 7, right: true))
      }
    }
  }

  static func differences(_ result: AnalysisResult, _ out: inout ReportWriter) {
    for pair in result.comparisons {
      out.section(
        "Descending array of differences between factors \(result.factorLabels[pair.first - 1]) and \(result.factorLabels[pair.second - 1]) (SED \(fixed(pair.seDifference, 3)))"
      )
      let (first, second) = (pair.first - 1, pair.second - 1)
      out.line(
        pad("No.", 5) + pad("Statement", 62) + pad("F\(result.factorLabels[first])", 8, right: true)
          + pad("F\(result.factorLabels[second])", 8, right: true) + pad("Diff.", 8, right: true))
      for i in result.descendingDifferences(pair) {
        out.line(
          pad(String(result.statements[i]), 5) + pad(abbreviated(text(result, i), 60), 62)
            + pad(result.zScores[i][first].map { fixed($0, 3) } ?? "", 8, right: true)
            + pad(result.zScores[i][second].map { fixed($0, 3) } ?? "", 8, right: true)
            + pad(fixed(pair.differences[i], 3), 8, right: true) + " " + pair.stars[i])
      }
    }
  }

  static func arrays(_ result: AnalysisResult, _ out: inout ReportWriter) {
    out.section("Factor arrays: the score each factor gives each statement")
    out.line(pad("No.", 5) + pad("Statement", 62) + result.factorLabels.map { pad("F\($0)", 6, right: true) }.joined())
    for i in result.statements.indices {
      out.line(
        pad(String(result.statements[i]), 5) + pad(abbreviated(text(result, i), 60), 62)
          + result.factorArrays[i].map { pad($0.map(String.init) ?? "—", 6, right: true) }.joined())
    }
  }

  /// Aids for reading each factor (section 3.4.5 of the POETQ report): the statements at either end
  /// of its z-scores and the sorts that exemplify it.
  static func interpretation(_ result: AnalysisResult, _ out: inout ReportWriter) {
    for (factor, label) in result.factorLabels.enumerated() {
      out.section("Factor \(label): characteristic statements and exemplars")
      let ends = result.characteristicStatements[factor]
      if ends.mostAgree.isEmpty {
        out.line("(no defining sort)")
        continue
      }
      for (heading, numbers) in [("Most agree", ends.mostAgree), ("Most disagree", ends.mostDisagree)] {
        out.line(heading)
        for number in numbers {
          guard let i = result.statements.firstIndex(of: number) else { continue }
          let array = result.factorArrays[i][factor].map { $0 > 0 ? "+\($0)" : String($0) } ?? ""
          out.line("  " + pad(array, 4) + pad(String(number), 5) + abbreviated(text(result, i), 90))
        }
      }
      let exemplars = result.exemplars[factor].map { "\($0.sort) (\(fixed($0.loading, 2)))" }
      out.line("Exemplars: " + exemplars.joined(separator: ", "))
    }
  }

  static func characteristics(_ result: AnalysisResult, _ out: inout ReportWriter) {
    out.section("Factor characteristics")
    out.line(pad("", 34) + result.factorLabels.map { pad("F\($0)", 9, right: true) }.joined())
    let rows: [(String, (FactorCharacteristics) -> String)] = [
      ("No. of defining variables", { String($0.definingSorts) }),
      ("Eigenvalue (sum of squares)", { fixed($0.eigenvalue, 4) }),
      ("% explained variance", { fixed($0.explainedVariance, 2) }),
      ("Average rel. coef.", { _ in fixed(result.options.averageReliability, 3) }),
      ("Composite reliability", { fixed($0.compositeReliability, 3) }),
      ("S.E. of factor z-scores", { fixed($0.seFactorScores, 3) }),
    ]
    for (name, value) in rows {
      out.line(pad(name, 34) + result.characteristics.map { pad(value($0), 9, right: true) }.joined())
    }
    out.section("Standard errors for differences in factor z-scores")
    out.line(pad("", 8) + result.factorLabels.map { pad("F\($0)", 8, right: true) }.joined())
    for (a, label) in result.factorLabels.enumerated() {
      out.line(pad("F\(label)", 8) + result.seDifferences[a].map { pad(fixed($0, 3), 8, right: true) }.joined())
    }
  }

  static func distinguishing(_ result: AnalysisResult, _ out: inout ReportWriter) {
    let rule =
      result.options.profile == .pqmethod
      ? "differs from every other factor at p < .05; * at p < .01"
      : "every pair with this factor significant at p < .05; * at p < .01"
    for (factor, label) in result.factorLabels.enumerated() {
      out.section("Distinguishing statements for factor \(label) (\(rule))")
      let statements = result.distinguishing[factor]
      if statements.p05.isEmpty {
        out.line("(none)")
        continue
      }
      out.line(
        pad("No.", 5) + pad("Statement", 62) + result.factorLabels.map { pad("F\($0)", 13, right: true) }.joined())
      for number in statements.p05 {
        guard let i = result.statements.firstIndex(of: number) else { continue }
        let star = statements.p01.contains(number) ? "*" : " "
        let cells = result.factorLabels.indices.map { f -> String in
          let array = result.factorArrays[i][f].map(String.init) ?? "—"
          let z = result.zScores[i][f].map { fixed($0, 2) } ?? ""
          return pad("\(array) \(z)", 13, right: true)
        }
        out.line(pad("\(number)\(star)", 5) + pad(abbreviated(text(result, i), 60), 62) + cells.joined())
      }
    }
  }

  static func consensus(_ result: AnalysisResult, _ out: inout ReportWriter) {
    let level = result.options.profile == .pqmethod ? "p > .01; * also p > .05" : "p > .05"
    out.section("Consensus statements: no pair of factors differs (\(level))")
    if result.consensus.isEmpty { out.line("(none)") }
    for number in result.consensus {
      guard let i = result.statements.firstIndex(of: number) else { continue }
      let star = result.options.profile == .pqmethod && result.consensusP05.contains(number) ? "*" : " "
      out.line(
        pad("\(number)\(star)", 5) + pad(abbreviated(text(result, i), 60), 62)
          + result.factorArrays[i].map { pad($0.map(String.init) ?? "—", 6, right: true) }.joined())
    }
  }

  // MARK: - Formatting

  static func text(_ result: AnalysisResult, _ index: Int) -> String {
    let text = result.statementTexts[index]
    return text.isEmpty ? "statement \(result.statements[index])" : text
  }

  static func gridDescription(_ distribution: Distribution) -> String {
    let range = "\(distribution.minScore)…\(distribution.maxScore)"
    guard let capacities = distribution.capacities else { return "free \(range)" }
    return "forced \(range) holding \(capacities.map(String.init).joined(separator: ","))"
  }

  static func fixed(_ value: Double, _ places: Int) -> String {
    let text = String(format: "%.\(places)f", value)
    return text == "-0" || text.allSatisfy({ "-0.".contains($0) }) && text.hasPrefix("-")
      ? String(text.dropFirst()) : text
  }

  static func abbreviated(_ text: String, _ width: Int) -> String {
    text.count <= width ? text : String(text.prefix(max(width - 1, 1))) + "…"
  }

  static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = max(width - text.count, 0)
    let spaces = String(repeating: " ", count: gap)
    return right ? spaces + text : text + spaces
  }
}

/// Accumulates report lines.
struct ReportWriter {
  private(set) var text = ""
  mutating func line(_ string: String) {
    var trimmed = Substring(string)
    while trimmed.last == " " { trimmed = trimmed.dropLast() }
    text += trimmed + "\n"
  }
  mutating func blank() { text += "\n" }
  mutating func section(_ title: String) {
    text += "\n" + title + "\n" + String(repeating: "-", count: min(title.count, 100)) + "\n"
  }
}
