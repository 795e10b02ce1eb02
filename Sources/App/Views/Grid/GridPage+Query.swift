import Fluent
import Foundation
import POETQKit

extension GridPage {
  /// The page for `columns` (the saved grid, a suggestion or what was typed), with the size of the
  /// study's Q-set to check them against.
  static func query(
    studyID: UUID, slug: String, study: Study, columns: [TemplateColumn], kind: Study.DistributionKind? = nil,
    unsaved: Bool = false, on db: any Database
  ) async throws -> Model {
    let statementCount = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).count()
    return Model(
      columns: columns, kind: (kind ?? study.distributionKind).rawValue, statementCount: statementCount,
      unsaved: unsaved, minScore: study.minScore, maxScore: study.maxScore, slug: slug)
  }

  /// The saved grid, lowest score first.
  static func savedColumns(studyID: UUID, on db: any Database) async throws -> [TemplateColumn] {
    try await DistributionColumn.query(on: db).filter(\.$study.$id == studyID).sort(\.$score).all().map(\.design)
  }

  /// How many statements the study's Q-set has (what a suggestion is made for).
  static func statementCount(studyID: UUID, on db: any Database) async throws -> Int {
    try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).count()
  }
}
