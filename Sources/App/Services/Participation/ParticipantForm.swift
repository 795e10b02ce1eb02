import POETQKit

/// What a posted participant form asks for, as flow actions. Questionnaire and comment forms save
/// what was typed before going on or back, so nothing typed is lost by either button.
enum ParticipantForm {
  /// The field prefix of a question's answer (`q.role`).
  static let answerPrefix = "q."
  /// The field listing each question on the page, so an unticked multiple choice clears its answer.
  static let askedField = "asked"
  /// The field prefix of a comment (`c.12`).
  static let commentPrefix = "c."

  /// The actions, or nil when the form is not one the pages send.
  static func actions(from fields: FormFields) -> [FlowAction]? {
    func int(_ name: String) -> Int? { fields[name].flatMap { Int($0) } }
    switch fields["action"] {
    case "presort":
      guard let statement = int("statement"), let pile = fields["pile"].flatMap(PresortPile.init(rawValue:)) else {
        return nil
      }
      return [.presort(statement: statement, pile: pile)]
    case "undo_presort": return [.undoPresort]
    case "choose":
      let chosen = fields.all("chosen").compactMap { Int($0) }
      return [.choose(chosen)]
    case "undo_choice": return [.undoChoice]
    case "place":
      guard let statement = int("statement"), let score = fields["score"] else { return nil }
      if score.isEmpty { return [.place(statement: statement, score: nil)] }
      guard let value = Int(score) else { return nil }
      return [.place(statement: statement, score: value)]
    case "swap":
      guard let first = int("statement"), let second = int("with") else { return nil }
      return [.swap(first, second)]
    case "save": return typed(fields)
    case "continue": return typed(fields) + [.proceed]
    case "back": return typed(fields) + [.back]
    default: return nil
    }
  }

  /// The answers or comments on the form, as one saving action (none when the form has neither).
  private static func typed(_ fields: FormFields) -> [FlowAction] {
    let asked = fields.all(askedField)
    if !asked.isEmpty {
      let given = fields.grouped(prefix: answerPrefix)
      return [.answer(Dictionary(uniqueKeysWithValues: asked.map { ($0, given[$0] ?? []) }))]
    }
    let comments = fields.grouped(prefix: commentPrefix)
    if !comments.isEmpty {
      var texts: [Int: String] = [:]
      for (key, values) in comments {
        if let statement = Int(key) { texts[statement] = values.joined(separator: "\n") }
      }
      return [.comment(texts)]
    }
    return []
  }
}
