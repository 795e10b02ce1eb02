import Fluent
import Foundation
import POETQKit

extension StatementsPage {
  /// The Q-set of the study in its order, the count per code and the next free number.
  static func query(studyID: UUID, slug: String, draft: Draft = Draft(), on db: any Database) async throws -> Model {
    let statements = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    let translations = try await StudyTranslations.load(studyID: studyID, on: db)
    let rows = try statements.enumerated().map { index, statement in
      Row(
        id: try statement.requireID(), number: statement.number, text: statement.text, codes: statement.codeList,
        position: index, count: statements.count, slug: slug,
        translations: translations.shown(TranslatableTexts.statement(statement.number), source: statement.text))
    }
    return Model(
      statements: rows,
      codeCounts: QSetRules.codeCounts(statements.map(\.design)).map { Count(code: $0.code, count: $0.count) },
      nextNumber: (statements.map(\.number).max() ?? 0) + 1, draft: draft, slug: slug)
  }
}
