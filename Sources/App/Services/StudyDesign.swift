import Fluent
import Foundation
import POETQKit

/// A stored study's design as plain values (the same shape as a built-in template): what the copy,
/// the preview, the API and the checks before opening work from.
enum StudyDesign {
  static func load(_ study: Study, on db: any Database) async throws -> StudyTemplate {
    let studyID = try study.requireID()
    let statements = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    let columns = try await DistributionColumn.query(on: db).filter(\.$study.$id == studyID).sort(\.$score).all()
    let questions = try await Question.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    return StudyTemplate(
      title: study.title, description: study.description, instruction: study.instruction,
      disagreeLabel: study.disagreeLabel, agreeLabel: study.agreeLabel,
      statements: statements.map(\.design), columns: columns.map(\.design),
      questions: questions.map(\.design), sites: sites.map(\.name),
      commentScores: study.commentScoreList)
  }

  /// What still stands in the way of opening the study, in the order a researcher would fix it.
  static func problemsBeforeOpening(_ study: Study, design: StudyTemplate) -> [String] {
    var problems: [String] = []
    if design.statements.count < 2 { problems.append("Statements: add the Q-set (at least two statements).") }
    do {
      _ = try GridRules.checked(
        design.columns, statementCount: design.statements.count, forced: study.distributionKind == .forced)
    } catch { problems.append("Grid: \(error.description)") }
    if study.sortMode == .stepwise, study.distributionKind == .free, !design.statements.isEmpty,
      design.gridCapacity != design.statements.count
    {
      problems.append(
        "Grid: the stepwise ranking fills each column to its capacity, so the columns must hold exactly "
          + "\(design.statements.count) statements (they hold \(design.gridCapacity)); or choose grid mode.")
    }
    if design.sites.isEmpty { problems.append("Sites: add at least one site.") }
    if study.consentText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      problems.append("Texts: write the consent text participants agree to.")
    }
    if study.informationSheet.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      problems.append("Texts: write the information sheet participants read first.")
    }
    return problems
  }
}

extension StudyStatement {
  var design: TemplateStatement { TemplateStatement(number: number, text: text, codes: codeList) }
}

extension DistributionColumn {
  var design: TemplateColumn { TemplateColumn(score: score, capacity: capacity, label: label) }
}

extension Question {
  var optionList: [String] { options.split(separator: "\n").map(String.init) }

  var design: TemplateQuestion {
    TemplateQuestion(
      phase: TemplateQuestion.Phase(rawValue: phase.rawValue) ?? .before, key: key,
      kind: TemplateQuestion.Kind(rawValue: kind.rawValue) ?? .shortText, prompt: prompt, options: optionList,
      required: required)
  }
}

extension Study {
  /// The scores whose statements get a "why?" comment.
  var commentScoreList: [Int] { commentScores.split(separator: ",").compactMap { Int($0) } }
}
