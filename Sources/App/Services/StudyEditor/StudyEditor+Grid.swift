import Fluent
import Foundation
import POETQKit

extension StudyEditor {
  /// Replaces the grid: its columns (score, capacity, label) and whether the distribution is forced.
  /// The study's score range follows the columns.
  static func replaceGrid(
    _ columns: [TemplateColumn], kind: Study.DistributionKind, in study: Study, by userID: UUID, on db: any Database
  ) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      try await StudyLock.ensureUnlocked(studyID: studyID, on: db)
      let statementCount = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).count()
      let clean = try GridRules.checked(columns, statementCount: statementCount, forced: kind == .forced)
      try await DistributionColumn.query(on: db).filter(\.$study.$id == studyID).delete()
      for column in clean {
        try await DistributionColumn(
          studyID: studyID, score: column.score, capacity: column.capacity, label: column.label
        )
        .save(on: db)
      }
      let (oldMin, oldMax) = (study.minScore, study.maxScore)
      study.distributionKind = kind
      study.minScore = clean.first?.score ?? study.minScore
      study.maxScore = clean.last?.score ?? study.maxScore
      // "Why?" columns at the old ends move to the new ends; others stay if still in range.
      let moved = study.commentScoreList.map { score in
        score == oldMin ? study.minScore : score == oldMax ? study.maxScore : score
      }
      var kept: [Int] = []
      for score in moved where (study.minScore...study.maxScore).contains(score) && !kept.contains(score) {
        kept.append(score)
      }
      study.commentScores = kept.sorted().map(String.init).joined(separator: ",")
      try await study.save(on: db)
      let summary = clean.map { "\(GridRules.scoreName($0.score)):\($0.capacity)" }.joined(separator: " ")
      try await auditDesignChange(study, by: userID, "grid.replace", "\(kind.rawValue) \(summary)", on: db)
    }
  }
}
