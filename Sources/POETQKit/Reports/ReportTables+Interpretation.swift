import Foundation
import QMethod

extension ReportTables {
  /// Score and z of every factor for a statement: "F1 score", "F1 z", … headings and cells.
  static func scoreColumns(_ result: AnalysisResult) -> [String] {
    factorColumns(result).flatMap { ["\($0) score", "\($0) z"] }
  }

  static func scoreCells(_ result: AnalysisResult, statement number: Int) -> [ReportCell] {
    guard let row = result.statements.firstIndex(of: number) else { return [] }
    return result.factorLabels.indices.flatMap { f -> [ReportCell] in
      [.integer(result.factorArrays[row][f]), .number(result.zScores[row][f], 3)]
    }
  }

  /// Every factor's distinguishing statements, then the consensus statements, with every factor's
  /// score and z-score.
  public static func distinguishingAndConsensus(_ input: ReportInput, aids: [FactorAids]) -> ReportTable {
    let result = input.result
    var rows: [[ReportCell]] = []
    for factor in aids {
      for item in factor.distinguishing {
        rows.append(
          [
            .text("Distinguishing F\(factor.label)"), .integer(item.statement.number), .text(item.statement.text),
            .text(item.level.rawValue),
          ] + scoreCells(result, statement: item.statement.number))
      }
    }
    let strict = result.options.profile == .qmethod ? "p>.05" : "p>.01"
    for number in result.consensus {
      let level = result.consensusP05.contains(number) ? "p>.05" : strict
      rows.append(
        [.text("Consensus"), .integer(number), .text(input.text(of: number)), .text(level)]
          + scoreCells(result, statement: number))
    }
    return ReportTable(
      name: "distinguishing-consensus", title: "Distinguishing and consensus statements",
      columns: ["Kind", "No.", "Statement", "Significance"] + scoreColumns(result), rows: rows,
      note: result.options.profile == .pqmethod
        ? "Distinguishing: the factor differs from every other factor (|z_j − z_m| ≥ c·SED). Consensus: no pair of factors differs at p < .01 (p>.05: not even at p < .05)."
        : "Distinguishing: every pair with the factor significant (qmethod 1.8.4). Consensus: no pair differs at p < .05."
    )
  }

  /// Every factor's crib sheet: section, statement, this factor's score and every factor's scores.
  public static func cribSheets(_ input: ReportInput, aids: [FactorAids]) -> ReportTable {
    let result = input.result
    var rows: [[ReportCell]] = []
    for factor in aids {
      for (section, items) in cribSections(factor) {
        for item in items {
          guard let row = result.statements.firstIndex(of: item.statement.number) else { continue }
          rows.append(
            [.text("F\(factor.label)"), .text(section), .integer(item.statement.number), .text(item.statement.text)]
              + result.factorLabels.indices.map { .integer(result.factorArrays[row][$0]) })
        }
      }
    }
    return ReportTable(
      name: "crib-sheets", title: "Crib sheets",
      columns: ["Factor", "Section", "No.", "Statement"] + factorColumns(result), rows: rows,
      note:
        "Watts & Stenner (2012): statements at the highest and lowest scores, and those ranked higher or lower than in every other factor."
    )
  }

  /// The four sections of a crib sheet with their headings.
  public static func cribSections(_ aids: FactorAids) -> [(String, [FactorAids.Contrast])] {
    [
      ("Highest score", aids.crib.highest), ("Higher than in any other factor", aids.crib.higher),
      ("Lower than in any other factor", aids.crib.lower), ("Lowest score", aids.crib.lowest),
    ]
  }

  /// Every factor's exemplars: sort, loading, strong mark, site.
  public static func exemplars(_ input: ReportInput, aids: [FactorAids]) -> ReportTable {
    var rows: [[ReportCell]] = []
    for factor in aids {
      for exemplar in factor.exemplars {
        rows.append([
          .text("F\(factor.label)"), .text(exemplar.sort), .number(exemplar.loading, places: 4),
          .text(exemplar.isStrong ? "yes" : ""), .text(exemplar.site), .integer(exemplar.comments.count),
        ])
      }
    }
    return ReportTable(
      name: "exemplars", title: "Exemplars (defining sorts) by loading",
      columns: ["Factor", "Sort", "Loading", "≥ 0.70", "Site", "Comments"], rows: rows)
  }

  /// Mean z-score per statement code and factor (Table 12's raw material).
  public static func codeProfile(_ input: ReportInput, aids: [FactorAids]) -> ReportTable {
    let codes = input.profileCodes
    let rows = codes.enumerated().map { index, code -> [ReportCell] in
      [.text(code), .integer(aids.first?.codeProfile[index].statements ?? 0)]
        + aids.map { .number($0.codeProfile[index].meanZ, 3) }
    }
    return ReportTable(
      name: "code-profile", title: "Mean z-score per statement code",
      columns: ["Code", "Statements"] + factorColumns(input.result), rows: rows,
      note:
        "The mean of the factor's z-scores over the statements with the code; a statement with two codes counts in both."
    )
  }

  /// The researcher's writing per factor, with one column per code note and the pinned quotes.
  public static func interpretations(_ input: ReportInput) -> ReportTable {
    let codes = input.profileCodes
    let rows = (1..<(input.factorCount + 1)).map { factor -> [ReportCell] in
      let item = input.interpretations[factor] ?? FactorInterpretation()
      let quotes = item.quotes.map {
        "\(ReportFormat.quoted($0.text, language: input.foreignLanguage(of: $0.sort))) (\($0.sort), statement \($0.statement))"
      }.joined(separator: "\n")
      return [
        .text("F\(input.result.factorLabels[factor - 1])"), .text(item.name), .text(item.argument),
        .text(item.viewedByOthers), .text(item.description),
      ] + codes.map { .text(item.codeNotes[$0] ?? "") } + [.text(quotes)]
    }
    return ReportTable(
      name: "interpretations", title: "Interpretations",
      columns: ["Factor", "Name", "Main argument", "Viewed by others", "Description"] + codes + ["Quotes"], rows: rows)
  }

  /// Table 12: per code (rows) and factor (columns) the researcher's note, with the mean z-score.
  public static func table12(_ input: ReportInput, aids: [FactorAids]) -> ReportTable {
    let codes = input.profileCodes
    let rows = codes.enumerated().map { index, code -> [ReportCell] in
      [.text(code)]
        + aids.map { factor -> ReportCell in
          let note = input.interpretations[factor.factor]?.codeNotes[code] ?? ""
          let z = factor.codeProfile[index].meanZ.map { "mean z \(ReportFormat.fixed($0, 2))" } ?? ""
          return .text([note, z.isEmpty ? "" : "(\(z))"].filter { !$0.isEmpty }.joined(separator: " "))
        }
    }
    return ReportTable(
      name: "table-12", title: "Table 12: the viewpoints by statement code",
      columns: ["Code"] + aids.map { input.factorName($0.factor) }, rows: rows)
  }

  /// Table 13: per factor its name, main argument and how the others see it.
  public static func table13(_ input: ReportInput) -> ReportTable {
    let rows = (0..<input.factorCount).map { f -> [ReportCell] in
      let item = input.interpretations[f + 1] ?? FactorInterpretation()
      return [
        .text("F\(input.result.factorLabels[f])"), .text(item.name), .text(item.argument), .text(item.viewedByOthers),
      ]
    }
    return ReportTable(
      name: "table-13", title: "Table 13: the viewpoints, their main argument and how others see them",
      columns: ["Factor", "Viewpoint", "Main argument", "Viewed by others"], rows: rows)
  }

  // MARK: - Per factor (the factor page and the report's factor sections)

  /// The six most agree and six most disagree statements with score and z-score.
  public static func characteristic(_ aids: FactorAids) -> ReportTable {
    let rows = (aids.mostAgree.map { ("Most agree", $0) } + aids.mostDisagree.map { ("Most disagree", $0) }).map {
      [.text($0.0), .integer($0.1.number), .text($0.1.text), .integer($0.1.score), .number($0.1.z, 3)] as [ReportCell]
    }
    return ReportTable(
      name: "characteristic-F\(aids.label)", title: "Characteristic statements of factor \(aids.label)",
      columns: ["", "No.", "Statement", "Score", "z"], rows: rows)
  }

  /// Distinguishing statements with their direction against each other factor.
  public static func distinguishing(_ aids: FactorAids) -> ReportTable {
    let others = aids.distinguishing.first?.comparisons.map { "vs F\($0.other.label)" } ?? []
    let rows = aids.distinguishing.map { item -> [ReportCell] in
      [
        .integer(item.statement.number), .text(item.statement.text), .integer(item.statement.score),
        .number(item.statement.z, 3), .text(item.level.rawValue),
      ]
        + item.comparisons.map { comparison in
          let score = comparison.other.score.map { ReportFormat.score($0) } ?? "—"
          let stars = comparison.significance.map { $0 == .p01 ? " **" : " *" } ?? ""
          return .text("\(comparison.direction == .higher ? "▲" : "▼") \(score)\(stars)")
        }
    }
    return ReportTable(
      name: "distinguishing-F\(aids.label)", title: "Distinguishing statements of factor \(aids.label)",
      columns: ["No.", "Statement", "Score", "z", "Level"] + others, rows: rows,
      note:
        "vs Fm: ▲ ranked higher here than in factor m (whose score is shown), ▼ lower; * the pair differs at p < .05, ** at p < .01."
    )
  }

  /// A list of statements with this factor's score and the others' (neutral, consensus, crib).
  public static func contrasts(_ items: [FactorAids.Contrast], aids: FactorAids, name: String, title: String)
    -> ReportTable
  {
    let others = items.first?.others.map { "F\($0.label)" } ?? []
    let rows = items.map { item -> [ReportCell] in
      [.integer(item.statement.number), .text(item.statement.text), .integer(item.statement.score)]
        + item.others.map { .integer($0.score) }
    }
    return ReportTable(
      name: "\(name)-F\(aids.label)", title: title, columns: ["No.", "Statement", "F\(aids.label)"] + others,
      rows: rows)
  }
}
