import Foundation
import QMethod

/// What makes a grid (the forced or free distribution) acceptable, and the quasi-normal suggestion.
public enum GridRules {
  /// PQMethod's range: scores from −6 to +6 at most, so 2 to 13 columns.
  public static let scoreLimit = 6
  public static let maxLabelLength = 60

  /// The columns sorted by score, checked: consecutive unique scores within ±6, at least two
  /// columns, capacities from 0 to the statement count, short labels, and — for a forced
  /// distribution with statements — capacities that add up to the number of statements.
  /// - Throws: ``DesignError`` naming the column ("Capacity of +3") or the grid as a whole.
  public static func checked(_ columns: [TemplateColumn], statementCount: Int, forced: Bool) throws(DesignError)
    -> [TemplateColumn]
  {
    let sorted = columns.sorted { $0.score < $1.score }
    guard sorted.count >= 2 else { throw DesignError(field: "Columns", "a grid needs at least two columns.") }
    for (index, column) in sorted.enumerated() {
      let name = scoreName(column.score)
      guard abs(column.score) <= scoreLimit else {
        throw DesignError(field: "Score", "column \(name) is outside −\(scoreLimit)…+\(scoreLimit).")
      }
      if index > 0, column.score != sorted[index - 1].score + 1 {
        throw DesignError(
          field: "Score",
          column.score == sorted[index - 1].score
            ? "two columns have the score \(name)."
            : "scores must run without gaps; \(scoreName(sorted[index - 1].score + 1)) is missing.")
      }
      guard column.capacity >= 0, column.capacity <= max(statementCount, QSetRules.maxStatements) else {
        throw DesignError(field: "Capacity of \(name)", "\(column.capacity) is not a possible number of statements.")
      }
      guard column.label.count <= maxLabelLength else {
        throw DesignError(field: "Label of \(name)", "keep labels under \(maxLabelLength) characters.")
      }
    }
    let total = sorted.reduce(0) { $0 + $1.capacity }
    if forced, statementCount > 0, total != statementCount {
      let difference = total - statementCount
      throw DesignError(
        field: "Capacities",
        "the columns hold \(total) statements but the Q-set has \(statementCount); \(difference > 0 ? "remove" : "add") \(abs(difference))."
      )
    }
    if forced, total == 0 { throw DesignError(field: "Capacities", "the columns hold no statements.") }
    return sorted.map {
      TemplateColumn(score: $0.score, capacity: $0.capacity, label: $0.label.trimmingCharacters(in: .whitespaces))
    }
  }

  /// A symmetric quasi-normal grid for `statementCount` statements on `minScore…maxScore`, labels
  /// kept from `labels` by score (the outermost columns default to the study's agree/disagree labels).
  /// - Throws: ``DesignError`` when the statements cannot fill that many columns.
  public static func quasiNormal(
    statementCount: Int, minScore: Int, maxScore: Int, labels: [Int: String] = [:]
  ) throws(DesignError) -> [TemplateColumn] {
    guard minScore < maxScore, abs(minScore) <= scoreLimit, abs(maxScore) <= scoreLimit else {
      throw DesignError(field: "Score range", "choose a range within −\(scoreLimit)…+\(scoreLimit), lowest first.")
    }
    let distribution: Distribution
    do {
      distribution = try Distribution.quasiNormal(
        statementCount: statementCount, minScore: minScore, maxScore: maxScore)
    } catch {
      throw DesignError(
        field: "Score range",
        "\(statementCount) statements cannot fill \(maxScore - minScore + 1) columns; add statements or narrow the range."
      )
    }
    return zip(distribution.scores, distribution.capacities ?? []).map { score, capacity in
      TemplateColumn(score: score, capacity: capacity, label: labels[score] ?? "")
    }
  }

  /// "+3", "0", "−2" as researchers write scores.
  public static func scoreName(_ score: Int) -> String { score > 0 ? "+\(score)" : String(score) }

  /// The scores whose statements get a "why?" comment, from text such as "-4, 4".
  /// - Throws: ``DesignError`` naming `Comment columns` for a number that is not a grid score.
  public static func commentScores(_ text: String, within scores: ClosedRange<Int>) throws(DesignError) -> [Int] {
    var result: [Int] = []
    for part in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
      guard let score = Int(part.replacingOccurrences(of: "+", with: "")), scores.contains(score) else {
        throw DesignError(
          field: "Comment columns",
          "\"\(part)\" is not a score of the grid (\(scoreName(scores.lowerBound))…\(scoreName(scores.upperBound))).")
      }
      if !result.contains(score) { result.append(score) }
    }
    return result.sorted()
  }
}
