import Fluent
import Foundation

extension QuestionsPage {
  /// The study's questions of each phase in their order, with `draft` in the new question's form.
  static func query(studyID: UUID, slug: String, draft: Item = emptyDraft, on db: any Database) async throws -> Model {
    let questions = try await Question.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    func items(_ phase: Question.Phase) throws -> [Item] {
      let list = questions.filter { $0.phase == phase }
      return try list.enumerated().map { index, question in
        Item(
          id: try question.requireID(), phase: question.phase.rawValue, kind: question.kind.rawValue,
          key: question.key, prompt: question.prompt, options: question.options, required: question.required,
          position: index, count: list.count, slug: slug)
      }
    }
    return Model(before: try items(.before), after: try items(.after), draft: draft, slug: slug)
  }
}
