import Foundation

/// The Q-set editor (`/studies/<slug>/statements`): add, edit, reorder, delete, renumber, and paste or
/// upload a whole list, with the count per code so the researcher sees the balance of the sampling
/// framework. Its model is built by ``StatementsPage/query(study:slug:draft:on:)``.
enum StatementsPage {
  static let template = "builder/statements"

  struct Model: Encodable, Sendable {
    var statements: [Row]
    var codeCounts: [Count]
    var nextNumber: Int
    /// What the researcher typed into a refused form, so nothing is lost.
    var draft: Draft
    /// Where the page's forms post: a new statement, a pasted list, renumbering.
    var create: String
    var importList: String
    var renumber: String
  }

  struct Row: Encodable, Sendable {
    var id: String
    var number: Int
    var text: String
    var codes: String
    var isFirst: Bool
    var isLast: Bool
    /// The statement in the study's other languages (translated on the Texts tab).
    var translations: [StudyTranslations.Shown] = []
    /// The row's forms: save, move up or down, delete.
    var update: String
    var up: String
    var down: String
    var delete: String
  }

  struct Count: Encodable, Sendable {
    var code: String
    var count: Int
  }

  struct Draft: Encodable, Sendable {
    var number = ""
    var text = ""
    var codes = ""
    var list = ""
    var replace = false
  }
}

extension StatementsPage.Row {
  /// A statement's row, with its forms' addresses.
  init(
    id: UUID, number: Int, text: String, codes: [String], position: Int, count: Int, slug: String,
    translations: [StudyTranslations.Shown] = []
  ) {
    self.init(
      id: id.uuidString, number: number, text: text, codes: codes.joined(separator: "; "), isFirst: position == 0,
      isLast: position == count - 1, translations: translations,
      update: StudyRoute.statements(.update(.value(id))).href(slug: slug),
      up: StudyRoute.statements(.up(.value(id))).href(slug: slug),
      down: StudyRoute.statements(.down(.value(id))).href(slug: slug),
      delete: StudyRoute.statements(.delete(.value(id))).href(slug: slug))
  }
}

extension StatementsPage.Model {
  /// The page's own addresses around its rows.
  init(
    statements: [StatementsPage.Row], codeCounts: [StatementsPage.Count], nextNumber: Int,
    draft: StatementsPage.Draft, slug: String
  ) {
    self.init(
      statements: statements, codeCounts: codeCounts, nextNumber: nextNumber, draft: draft,
      create: StudyRoute.statements().href(slug: slug),
      importList: StudyRoute.statements(.importList).href(slug: slug),
      renumber: StudyRoute.statements(.renumber).href(slug: slug))
  }

  /// Three statements of a small Q-set with codes: the snapshot's page.
  static let mock: Self = {
    let statements = [
      ("Meetings start on time.", ["Practice"]), ("Partners share the budget.", ["Partnership", "Trust"]),
      ("Results reach the people they concern.", ["People"]),
    ]
    let french = ["Les réunions commencent à l’heure.", "Les partenaires partagent le budget."]
    let rows = statements.enumerated().map { index, statement in
      StatementsPage.Row(
        id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, UInt8(index + 1))), number: index + 1,
        text: statement.0, codes: statement.1, position: index, count: statements.count, slug: "mock-study",
        translations: index < french.count
          ? [.init(tag: "fr", language: "French", text: french[index], outOfDate: index == 1)] : [])
    }
    return StatementsPage.Model(
      statements: rows,
      codeCounts: [
        .init(code: "Partnership", count: 1), .init(code: "People", count: 1),
        .init(code: "Practice", count: 1), .init(code: "Trust", count: 1),
      ],
      nextNumber: 4, draft: .init(), slug: "mock-study")
  }()
}
