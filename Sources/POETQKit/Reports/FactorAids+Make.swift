import Foundation
import QMethod

extension FactorAids {
  /// The interpretation aids of factor `factor` (1-based) of `input.result`.
  ///
  /// - Grid: each statement in the column of its array score, highest z-score at the top.
  /// - Characteristic statements: the engine's six most agree and six most disagree (by z-score).
  /// - Distinguishing: the engine's verdict (p < .05 / p < .01, per profile), with the direction of
  ///   z_this − z_other against every other factor and that pair's own significance: |d| ≥ c·SED
  ///   (pqmethod, c = 1.96, 2.575) or |d| > c·SED (qmethod, c = 1.96, 2.576) (Brown 1980, p. 245).
  /// - Neutral where others feel strongly: this factor's |score| ≤ 1 (0 on grids narrower than ±4)
  ///   while another factor's |score| ≥ the grid's widest |score| − 1.
  /// - Crib sheet (Watts & Stenner 2012): at the highest score; higher than in every other factor;
  ///   lower than in every other factor; at the lowest score (by array scores, each listed once).
  /// - Exemplars: the defining sorts by |loading|, ≥ 0.70 marked strong.
  /// - Code profile: the mean z-score of the statements carrying each of ``ReportInput/profileCodes``
  ///   (a statement with two codes counts in both).
  /// - Precondition: `factor` is between 1 and the number of factors.
  public static func make(factor: Int, input: ReportInput) -> FactorAids {
    let result = input.result
    let f = factor - 1
    let others = result.factorLabels.indices.filter { $0 != f && result.zScores.first?[$0] != nil }
    let rowOf = Dictionary(result.statements.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let texts = Dictionary(result.statements.map { ($0, input.text(of: $0)) }, uniquingKeysWith: { a, _ in a })

    func scored(_ row: Int, _ column: Int = f) -> StatementScore {
      let number = result.statements[row]
      return StatementScore(
        number: number, text: texts[number] ?? "", score: result.factorArrays[row][column],
        z: result.zScores[row][column])
    }
    func other(_ row: Int, _ column: Int) -> OtherFactor {
      OtherFactor(
        factor: column + 1, label: result.factorLabels[column], score: result.factorArrays[row][column],
        z: result.zScores[row][column])
    }
    func contrast(_ row: Int) -> Contrast { Contrast(statement: scored(row), others: others.map { other(row, $0) }) }

    let distribution = result.distribution
    let widest = max(-distribution.minScore, distribution.maxScore)
    let strongLimit = max(widest - 1, 1)
    let neutralLimit = widest >= 4 ? 1 : 0
    let hasScores = result.zScores.first?[f] != nil

    // The grid: columns of the distribution, statements by z within a column.
    var grid = distribution.scores.map { score in
      GridColumn(
        score: score, label: input.columnLabels[score] ?? "", capacity: distribution.capacity(of: score), statements: []
      )
    }
    if hasScores {
      for row in result.statements.indices {
        guard let score = result.factorArrays[row][f], distribution.scores.contains(score) else { continue }
        grid[score - distribution.minScore].statements.append(scored(row))
      }
      for index in grid.indices {
        grid[index].statements.sort { ($0.z ?? 0, -$0.number) > ($1.z ?? 0, -$1.number) }
      }
    }

    let characteristic = result.characteristicStatements.indices.contains(f) ? result.characteristicStatements[f] : nil
    let mostAgree = (characteristic?.mostAgree ?? []).compactMap { rowOf[$0].map { scored($0) } }
    let mostDisagree = (characteristic?.mostDisagree ?? []).compactMap { rowOf[$0].map { scored($0) } }

    let verdict = result.distinguishing.indices.contains(f) ? result.distinguishing[f] : nil
    let distinguishing = (verdict?.p05 ?? []).compactMap { number -> DistinguishingStatement? in
      guard let row = rowOf[number] else { return nil }
      let comparisons = others.map { m -> Comparison in
        let difference = (result.zScores[row][f] ?? 0) - (result.zScores[row][m] ?? 0)
        return Comparison(
          other: other(row, m), direction: difference >= 0 ? .higher : .lower,
          significance: significance(of: difference, between: f, and: m, in: result))
      }
      return DistinguishingStatement(
        statement: scored(row), level: verdict?.p01.contains(number) == true ? .p01 : .p05, comparisons: comparisons)
    }

    var neutral: [Contrast] = []
    var crib = CribSheet(highest: [], higher: [], lower: [], lowest: [])
    if hasScores {
      for row in result.statements.indices {
        guard let score = result.factorArrays[row][f] else { continue }
        let otherScores = others.compactMap { result.factorArrays[row][$0] }
        if abs(score) <= neutralLimit, otherScores.contains(where: { abs($0) >= strongLimit }) {
          neutral.append(contrast(row))
        }
        if score == distribution.maxScore {
          crib.highest.append(contrast(row))
        } else if score == distribution.minScore {
          crib.lowest.append(contrast(row))
        } else if !otherScores.isEmpty, otherScores.allSatisfy({ score > $0 }) {
          crib.higher.append(contrast(row))
        } else if !otherScores.isEmpty, otherScores.allSatisfy({ score < $0 }) {
          crib.lower.append(contrast(row))
        }
      }
      // Strongest first within each list, as the crib sheet is read.
      func byZ(_ descending: Bool) -> (Contrast, Contrast) -> Bool {
        { a, b in descending ? (a.statement.z ?? 0) > (b.statement.z ?? 0) : (a.statement.z ?? 0) < (b.statement.z ?? 0)
        }
      }
      crib.highest.sort(by: byZ(true))
      crib.higher.sort(by: byZ(true))
      crib.lower.sort(by: byZ(false))
      crib.lowest.sort(by: byZ(false))
    }
    let consensus = result.consensus.compactMap { rowOf[$0].map(contrast) }

    let metadata = Dictionary(input.sorts.map { ($0.sortID, $0) }, uniquingKeysWith: { a, _ in a })
    let exemplars = (result.exemplars.indices.contains(f) ? result.exemplars[f] : []).map { exemplar in
      makeExemplar(exemplar, metadata: metadata[exemplar.sort], input: input, texts: texts)
    }

    let codeProfile = input.profileCodes.map { code -> CodeMean in
      let rows = input.statements.filter { $0.codes.contains(code) }.compactMap { rowOf[$0.number] }
      let zs = rows.compactMap { result.zScores[$0][f] }
      return CodeMean(
        code: code, statements: rows.count, meanZ: zs.isEmpty ? nil : zs.reduce(0, +) / Double(zs.count))
    }

    return FactorAids(
      factor: factor, label: result.factorLabels[f], grid: grid, mostAgree: mostAgree, mostDisagree: mostDisagree,
      distinguishing: distinguishing, neutralWhereOthersStrong: neutral, consensus: consensus, crib: crib,
      exemplars: exemplars, codeProfile: codeProfile, neutralLimit: neutralLimit, strongLimit: strongLimit)
  }

  /// The aids of every factor, in column order.
  public static func all(_ input: ReportInput) -> [FactorAids] {
    (0..<input.factorCount).map { make(factor: $0 + 1, input: input) }
  }

  /// The significance of z_j − z_m by the profile's rule, from the pair's SED.
  static func significance(of difference: Double, between j: Int, and m: Int, in result: AnalysisResult)
    -> Significance?
  {
    guard let pair = result.comparisons.first(where: { Set([$0.first, $0.second]) == Set([j + 1, m + 1]) }) else {
      return nil
    }
    let sed = pair.seDifference
    let strict = result.options.profile == .qmethod
    func reaches(_ c: Double) -> Bool { strict ? abs(difference) > c * sed : abs(difference) >= c * sed }
    if reaches(strict ? 2.576 : 2.575) { return .p01 }
    if reaches(1.96) { return .p05 }
    return nil
  }

  private static func makeExemplar(
    _ exemplar: AnalysisResult.Exemplar, metadata: SortMetadata?, input: ReportInput, texts: [Int: String]
  ) -> Exemplar {
    var answers: [Answer] = []
    if let metadata {
      let asked = input.questions.map(\.key)
      let keys =
        asked.filter { metadata.answers[$0] != nil } + metadata.answers.keys.filter { !asked.contains($0) }.sorted()
      for key in keys {
        guard let values = metadata.answers[key], !values.allSatisfy(\.isEmpty) else { continue }
        let prompt = input.questions.first { $0.key == key }?.prompt ?? key
        answers.append(Answer(question: prompt, answer: values.joined(separator: "; ")))
      }
    }
    let comments = (metadata?.comments ?? [:]).filter { !$0.value.isEmpty }.map { number, text in
      ExemplarComment(
        statement: number, statementText: texts[number] ?? input.text(of: number), score: metadata?.scores[number],
        text: text, languageTag: input.foreignLanguageTag(of: exemplar.sort),
        languageName: input.foreignLanguage(of: exemplar.sort))
    }.sorted { ($0.score ?? 0, -$0.statement) > ($1.score ?? 0, -$1.statement) }
    return Exemplar(
      sort: exemplar.sort, loading: exemplar.loading, isStrong: abs(exemplar.loading) >= 0.70,
      site: metadata?.site ?? "", answers: answers, comments: comments)
  }
}
