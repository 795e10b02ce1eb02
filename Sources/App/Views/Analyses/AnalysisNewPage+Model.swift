import Foundation
import POETQKit
import QMethod

/// The run form (`/studies/<slug>/analyses/new`): which sorts, how to analyse them. Its model is
/// ``AnalysisForm`` (which also reads the posted form back), made from the member's sorts.
enum AnalysisNewPage {
  static let template = "builder/analysis-new"
  typealias Model = AnalysisForm
}

extension AnalysisForm {
  /// Four sorts of two sites over a small grid, one made in French, with one question to filter on.
  static func mock() throws -> Self {
    let statements = (1...9).map { TemplateStatement(number: $0, text: "Statement \($0)", codes: []) }
    let sorts = ["A1", "A2", "B1", "B2"].enumerated().map { index, id in
      CompletedSort(
        sortID: id, site: id.hasPrefix("A") ? "Site A" : "Site B", language: id == "B2" ? "fr" : "en",
        status: "completed",
        answers: ["role": [index % 2 == 0 ? "Teacher" : "Parent"]],
        scores: Dictionary((1...9).map { ($0, ($0 + index) % 5 - 2) }) { first, _ in first })
    }
    let export = StudyDataExport(
      title: "Partnership in practice", statements: statements,
      distribution: try Distribution(minScore: -2, maxScore: 2, capacities: [1, 2, 3, 2, 1]), questionKeys: ["role"],
      sorts: sorts)
    let question = TemplateQuestion(
      phase: .before, key: "role", kind: .singleChoice, prompt: "Your role", options: ["Teacher", "Parent"],
      required: true)
    return AnalysisForm(export: export, questions: [question], slug: "mock-study")
  }
}
