import Foundation
import POETQKit

/// The questionnaires' editor (`/studies/<slug>/questions`): the questions before and after the
/// sort, each with its form, and a form for a new one. Its model is built by
/// ``QuestionsPage/query(studyID:slug:draft:on:)``.
enum QuestionsPage {
  static let template = "builder/questions"

  struct Model: Encodable, Sendable {
    /// Before-sort questions first, then after-sort ones; each phase's first carries its heading.
    var questions: [Item]
    var beforeCount: Int
    var afterCount: Int
    var kinds: [Kind]
    /// What the researcher typed into a refused new question, so nothing is lost.
    var draft: Item
    /// Where a new question is posted.
    var create: String
  }

  struct Item: Encodable, Sendable {
    var id: String
    var phase: String
    var kind: String
    var kindName: String
    var key: String
    var prompt: String
    var options: String
    var required: Bool
    var isFirst: Bool
    var isLast: Bool
    var phaseHeading: String? = nil
    /// The question's forms: save, move up or down, delete (empty on a draft).
    var update = ""
    var up = ""
    var down = ""
    var delete = ""
  }

  /// A question type: the value posted and its name.
  struct Kind: Encodable, Sendable {
    var value: String
    var name: String
  }

  /// An empty new question: before the sort, single choice, required.
  static let emptyDraft = Item(
    id: "", phase: "before", kind: "single_choice", kindName: "", key: "", prompt: "", options: "", required: true,
    isFirst: true, isLast: true)

  /// Every question type, named.
  static let kinds = TemplateQuestion.Kind.allCases.map {
    Kind(value: $0.rawValue, name: QuestionRules.kindName($0).capitalizedFirst)
  }
}

extension QuestionsPage.Item {
  /// A stored question's row, with its forms' addresses.
  init(
    id: UUID, phase: String, kind: String, key: String, prompt: String, options: String, required: Bool,
    position: Int, count: Int, slug: String
  ) {
    self.init(
      id: id.uuidString, phase: phase, kind: kind, kindName: kind.replacingOccurrences(of: "_", with: " "), key: key,
      prompt: prompt, options: options, required: required, isFirst: position == 0, isLast: position == count - 1,
      update: StudyRoute.questions(.update(.value(id))).href(slug: slug),
      up: StudyRoute.questions(.up(.value(id))).href(slug: slug),
      down: StudyRoute.questions(.down(.value(id))).href(slug: slug),
      delete: StudyRoute.questions(.delete(.value(id))).href(slug: slug))
  }
}

extension QuestionsPage.Model {
  /// The page for the questions of each phase, in order.
  init(before: [QuestionsPage.Item], after: [QuestionsPage.Item], draft: QuestionsPage.Item, slug: String) {
    func headed(_ items: [QuestionsPage.Item], _ heading: String) -> [QuestionsPage.Item] {
      var items = items
      if !items.isEmpty { items[0].phaseHeading = heading }
      return items
    }
    self.init(
      questions: headed(before, "Before the sort") + headed(after, "After the sort"), beforeCount: before.count,
      afterCount: after.count, kinds: QuestionsPage.kinds, draft: draft,
      create: StudyRoute.questions().href(slug: slug))
  }

  /// Two questions before the sort and one after: the snapshot's page.
  static let mock: Self = {
    func id(_ n: UInt8) -> UUID { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n)) }
    let before = [
      QuestionsPage.Item(
        id: id(1), phase: "before", kind: "single_choice", key: "role", prompt: "What is your role?",
        options: "Commissioner\nProvider\nOther", required: true, position: 0, count: 2, slug: "mock-study"),
      QuestionsPage.Item(
        id: id(2), phase: "before", kind: "number", key: "years", prompt: "Years in this work", options: "",
        required: false, position: 1, count: 2, slug: "mock-study"),
    ]
    let after = [
      QuestionsPage.Item(
        id: id(3), phase: "after", kind: "long_text", key: "missing", prompt: "What did the statements leave out?",
        options: "", required: false, position: 0, count: 1, slug: "mock-study")
    ]
    return QuestionsPage.Model(before: before, after: after, draft: QuestionsPage.emptyDraft, slug: "mock-study")
  }()
}
