import Fluent
import POETQKit
import QMethod
import Vapor

extension AnalysesController {
  /// What an analysis page says of the interpretations carried from the analysis it was made from:
  /// each match with its r, carried or offered.
  struct CarriedContent: Encodable {
    var source: Link
    var threshold: String
    var carried: [CarriedRow]
    var offered: [CarriedRow]

    struct CarriedRow: Encodable {
      /// "Factor 2 ← factor 3 (r = 0.97)".
      var text: String
      var name: String
      var from: Int
      var to: Int
      /// Whether the new factor has writing (a carried or typed interpretation).
      var written: Bool
    }

    /// `nil` when the analysis was not made from another, or nothing there was written.
    static func load(_ analysis: Analysis, _ context: StudyContext, base: String, on db: any Database) async throws
      -> CarriedContent?
    {
      guard let source = try await InterpretationCarrying.source(of: analysis, on: db),
        source.interpretations.values.contains(where: { !$0.interpretation.isEmpty })
      else { return nil }
      let now = try await InterpretationStore.all(analysisID: try analysis.requireID(), on: db)
      let labels = source.result.factorLabels
      let rows = source.matches.compactMap { match -> CarriedRow? in
        guard let written = source.interpretations[match.from]?.interpretation, !written.isEmpty,
          match.to <= labels.count
        else { return nil }
        return CarriedRow(
          text:
            "Factor \(labels[match.to - 1]) ← factor \(match.from) (r = \(ReportFormat.fixed(match.r, 2)))",
          name: written.name, from: match.from, to: match.to,
          written: !(now[match.to]?.interpretation.isEmpty ?? true))
      }
      return CarriedContent(
        source: Link(label: source.analysis.name, href: "\(context.path)/analyses/\(try source.analysis.requireID())"),
        threshold: ReportFormat.fixed(InterpretationCarry.defaultThreshold, 2),
        carried: rows.filter { row in source.matches.contains { $0.from == row.from && $0.carried } },
        offered: rows.filter { row in !source.matches.contains { $0.from == row.from && $0.carried } })
    }
  }
}
