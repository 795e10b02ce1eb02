extension TextReport {
  /// The bootstrap's sections: per factor its stability, then per factor each statement's full
  /// z-score beside the bootstrap mean, SD, 95 % interval and the share of steps keeping its array
  /// position, then every sort's flag frequency.
  static func bootstrap(_ result: AnalysisResult, _ out: inout ReportWriter) {
    guard let bootstrap = result.bootstrap else { return }
    let stable = Int(BootstrapResult.stableShare * 100)
    out.section(
      "Bootstrap: \(bootstrap.steps) resamples of the sorts, seed \(bootstrap.seed), \(bootstrap.alignment.rawValue) alignment"
    )
    for note in bootstrap.notes { out.line("note: \(note)") }
    out.blank()
    out.line(pad("", 34) + bootstrap.factorLabels.map { pad("F\($0)", 9, right: true) }.joined())
    let rows: [(String, (BootstrapFactorStability) -> String)] = [
      ("Steps with defining sorts", { String($0.definedSteps) }),
      ("Mean defining sorts", { fixed($0.meanDefiningSorts, 1) }),
      ("Mean r(step z, full z)", { $0.zScoreCorrelation.map { fixed($0, 3) } ?? "—" }),
      ("5 % quantile of r", { $0.zScoreCorrelationLow.map { fixed($0, 3) } ?? "—" }),
      ("Positions kept (±1 column)", { $0.arrayPositionKept.map { fixed($0, 3) } ?? "—" }),
      ("Loading congruence", { fixed($0.loadingCongruence, 3) }),
      ("Stability index (qmboots)", { $0.stabilityIndex.map { fixed($0, 3) } ?? "—" }),
      ("Steps re-ordered", { String($0.reorderedSteps) }),
      ("Steps mirrored", { String($0.reflectedSteps) }),
    ]
    for (name, value) in rows {
      out.line(pad(name, 34) + bootstrap.factors.map { pad(value($0), 9, right: true) }.joined())
    }
    for (f, label) in bootstrap.factorLabels.enumerated() {
      out.section(
        "Bootstrap z-scores for factor \(label) (! marks a position kept within one column in < \(stable) % of steps)")
      out.line(
        pad("No.", 5) + pad("Statement", 42) + pad("z", 7, right: true) + pad("mean", 7, right: true)
          + pad("SD", 7, right: true) + pad("95 % interval", 17, right: true) + pad("array", 6, right: true)
          + pad("kept", 7, right: true))
      for (i, number) in result.statements.enumerated() {
        let full = result.zScores[i][f].map { fixed($0, 2) } ?? "—"
        let mean = bootstrap.zScoreMean[i][f].map { fixed($0, 2) } ?? "—"
        let sd = bootstrap.zScoreSD[i][f].map { fixed($0, 2) } ?? "—"
        var interval = "—"
        if let low = bootstrap.zScoreLower[i][f], let high = bootstrap.zScoreUpper[i][f] {
          interval = "\(fixed(low, 2)) … \(fixed(high, 2))"
        }
        let array = result.factorArrays[i][f].map(String.init) ?? "—"
        let share = bootstrap.arrayPositionKept[i][f]
        let mark = (share ?? 1) < BootstrapResult.stableShare ? "!" : " "
        out.line(
          pad("\(number)", 5) + pad(abbreviated(text(result, i), 40), 42) + pad(full, 7, right: true)
            + pad(mean, 7, right: true) + pad(sd, 7, right: true) + pad(interval, 17, right: true)
            + pad(array, 6, right: true) + pad(share.map { fixed($0, 2) } ?? "—", 6, right: true) + mark)
      }
    }
    out.section(
      "Bootstrap flag frequency (X: flagged in the full solution; ! differs from it in > \(100 - stable) % of the steps that drew the sort)"
    )
    out.line(
      pad("Sort", 12) + pad("drawn", 7, right: true)
        + bootstrap.factorLabels.map { pad("F\($0)", 9, right: true) }.joined())
    for (row, id) in result.sorts.enumerated() {
      let cells = bootstrap.factorLabels.indices.map { f -> String in
        guard let frequency = bootstrap.flagFrequency[row][f] else { return pad("—", 9, right: true) }
        let flagged = result.flags[row][f]
        let unstable = (flagged ? 1 - frequency : frequency) > 1 - BootstrapResult.stableShare
        return pad(fixed(frequency, 2) + (flagged ? "X" : " ") + (unstable ? "!" : " "), 9, right: true)
      }
      out.line(pad(abbreviated(id, 12), 12) + pad(String(bootstrap.drawnSteps[row]), 7, right: true) + cells.joined())
    }
  }
}
