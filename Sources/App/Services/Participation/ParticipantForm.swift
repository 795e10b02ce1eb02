import POETQKit

/// What a posted participant form asks for, as flow actions. Questionnaire and comment forms save
/// what was typed before going on or back, so nothing typed is lost by either button.
///
/// Only what the pages send is read: a field given twice where the pages send it once, a field
/// this action does not use, or one missing or unreadable is refused with its name
/// (``ParticipantFormError``), before anything is looked up or saved.
enum ParticipantForm {
  /// The field prefix of a question's answer (`q.role`).
  static let answerPrefix = "q."
  /// The field listing each question on the page, so an unticked multiple choice clears its answer.
  static let askedField = "asked"
  /// The field prefix of a comment (`c.12`).
  static let commentPrefix = "c."
  /// The language the page was shown in (every form carries it, so the participant's action keeps
  /// it: ``ParticipantLanguage``). Read by the visit, not here; any value is accepted and an
  /// unknown one ignored.
  static let languageField = "lang"

  /// A form the pages send: its actions and the revision the page was rendered at.
  struct Posted: Equatable {
    var actions: [FlowAction]
    var revision: Int
  }

  /// The fields each action's form sends besides `action` and `revision`: `single` at most once,
  /// `repeatable` any number of times (ticked boxes), and for the saving actions the answer and
  /// comment fields (`q.<key>` repeatable, `c.<number>` once).
  private struct Shape {
    var single: Set<String> = []
    var repeatable: Set<String> = []
    var typed = false
  }

  private static let shapes: [String: Shape] = [
    "presort": Shape(single: ["statement", "pile"]),
    "undo_presort": Shape(),
    "choose": Shape(repeatable: ["chosen"]),
    "undo_choice": Shape(),
    "place": Shape(single: ["statement", "score"]),
    "swap": Shape(single: ["statement", "with"]),
    "save": Shape(repeatable: [askedField], typed: true),
    "continue": Shape(repeatable: [askedField], typed: true),
    "back": Shape(repeatable: [askedField], typed: true),
  ]

  /// The form's actions and revision.
  /// - Throws: ``ParticipantFormError`` naming the first field at fault.
  static func read(_ fields: FormFields) throws(ParticipantFormError) -> Posted {
    try fields.refuseRepeated(["action", "revision", languageField])
    guard let action = fields["action"] else { throw .missing("action") }
    guard let shape = shapes[action] else { throw .invalid("action") }
    try fields.refuseRepeated(shape.single)
    for pair in fields.pairs where !isExpected(pair.name, in: shape) { throw .unknown(pair.name) }
    guard let revisionText = fields["revision"] else { throw .missing("revision") }
    guard let revision = Int(revisionText) else { throw .invalid("revision") }
    return Posted(actions: try actions(action, fields), revision: revision)
  }

  private static func isExpected(_ name: String, in shape: Shape) -> Bool {
    if name == "action" || name == "revision" || name == languageField || shape.single.contains(name)
      || shape.repeatable.contains(name)
    {
      return true
    }
    return shape.typed && (name.hasPrefix(answerPrefix) || name.hasPrefix(commentPrefix))
  }

  private static func actions(_ action: String, _ fields: FormFields) throws(ParticipantFormError) -> [FlowAction] {
    func int(_ name: String) throws(ParticipantFormError) -> Int {
      guard let text = fields[name] else { throw .missing(name) }
      guard let value = Int(text) else { throw .invalid(name) }
      return value
    }
    switch action {
    case "presort":
      let statement = try int("statement")
      guard let text = fields["pile"] else { throw .missing("pile") }
      guard let pile = PresortPile(rawValue: text) else { throw .invalid("pile") }
      return [.presort(statement: statement, pile: pile)]
    case "undo_presort": return [.undoPresort]
    case "choose":
      var chosen: [Int] = []
      for text in fields.all("chosen") {
        guard let number = Int(text) else { throw .invalid("chosen") }
        chosen.append(number)
      }
      return [.choose(chosen)]
    case "undo_choice": return [.undoChoice]
    case "place":
      let statement = try int("statement")
      guard let score = fields["score"] else { throw .missing("score") }
      if score.isEmpty { return [.place(statement: statement, score: nil)] }
      return [.place(statement: statement, score: try int("score"))]
    case "swap":
      return [.swap(try int("statement"), try int("with"))]
    case "save": return try typed(fields)
    case "continue": return try typed(fields) + [.proceed]
    case "back": return try typed(fields) + [.back]
    default: throw .invalid("action")
    }
  }

  /// The answers or comments on the form, as one saving action (none when the form has neither).
  /// Every question is listed once in `asked`, and only listed questions are answered; a comment
  /// names its statement by number and comes once.
  private static func typed(_ fields: FormFields) throws(ParticipantFormError) -> [FlowAction] {
    var asked: Set<String> = []
    for key in fields.all(askedField) where !asked.insert(key).inserted {
      throw .repeated(askedField, value: key)
    }
    let given = fields.grouped(prefix: answerPrefix)
    for key in given.keys.sorted() where !asked.contains(key) { throw .unknown(answerPrefix + key) }
    let comments = fields.grouped(prefix: commentPrefix)
    if !asked.isEmpty {
      if let key = comments.keys.sorted().first { throw .unknown(commentPrefix + key) }
      var answers: [String: [String]] = [:]
      for key in asked { answers[key] = given[key] ?? [] }
      return [.answer(answers)]
    }
    guard !comments.isEmpty else { return [] }
    var texts: [Int: String] = [:]
    for (key, values) in comments.sorted(by: { $0.key < $1.key }) {
      guard let statement = Int(key) else { throw .invalid(commentPrefix + key) }
      guard values.count == 1, let text = values.first else { throw .repeated(commentPrefix + key) }
      texts[statement] = text
    }
    return [.comment(texts)]
  }
}

/// A participant form that is not one the pages send, with the field at fault: answered 400 with
/// a page that names it, nothing saved.
enum ParticipantFormError: Error, Equatable, Sendable {
  /// A field the pages send once came more than once (`value`: the repeated value, when that is
  /// what may not repeat, as a question key listed twice in `asked`).
  case repeated(String, value: String? = nil)
  /// A field this step's form does not send.
  case unknown(String)
  /// A field the action needs is not there.
  case missing(String)
  /// A field whose value cannot be read (not a number, not one of the choices).
  case invalid(String)

  /// The name of the field at fault.
  var field: String {
    switch self {
    case .repeated(let field, _), .unknown(let field), .missing(let field), .invalid(let field): field
    }
  }

  /// The field's name as a page shows it: at most 60 characters.
  var shownField: String {
    let field = self.field
    return field.count > 60 ? String(field.prefix(59)) + "…" : field
  }

  /// The participant text key that explains this refusal.
  var textKey: String {
    switch self {
    case .repeated: "errorFieldRepeated"
    case .unknown: "errorFieldUnknown"
    case .missing, .invalid: "errorFieldUnreadable"
    }
  }
}
