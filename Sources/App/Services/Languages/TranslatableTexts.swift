import Fluent
import POETQKit

/// Every participant-facing text of a study under a stable key, in the order a translator meets
/// them (issue 29): the study's texts, the grid's column labels, the statements, the questions and
/// their options, the invitation and reminder e-mails. A text left empty in the source language has
/// nothing to translate and no key. The interface's own words (buttons, steps, the comment prompts)
/// are not here: they come from the catalogues in `Resources/Locales/`.
///
/// Keys: `title`, `description`, `informationSheet`, `consent`, `instruction`, `disagreeLabel`,
/// `agreeLabel`, `thankYou`, `contact`, `column.<score>`, `statement.<number>`,
/// `question.<key>.prompt`, `question.<key>.option.<n>` (n from 1), `mail.<kind>.subject`,
/// `mail.<kind>.body`.
struct TranslatableTexts: Sendable, Equatable {
  struct Entry: Sendable, Equatable {
    let key: String
    let source: String
  }

  /// The texts, in translator's order.
  let entries: [Entry]

  /// The source text under each key.
  var sources: [String: String] { Dictionary(entries.map { ($0.key, $0.source) }) { first, _ in first } }

  /// The texts of `wording` and `design`, with the study's invitation and reminder (as it sends
  /// them: its own or the default).
  init(wording: StudyWording, design: StudyTemplate, mails: [MailTemplate.Kind: (subject: String, body: String)]) {
    var entries: [Entry] = []
    func add(_ key: String, _ text: String) {
      if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { entries.append(Entry(key: key, source: text)) }
    }
    for (key, path) in StudyWording.keyedFields { add(key, wording[keyPath: path]) }
    for column in design.columns { add(Self.column(column.score), column.label) }
    for statement in design.statements { add(Self.statement(statement.number), statement.text) }
    for question in design.questions {
      add(Self.questionPrompt(question.key), question.prompt)
      for (index, option) in question.options.enumerated() { add(Self.questionOption(question.key, index + 1), option) }
    }
    for kind in MailTemplate.Kind.allCases {
      if let mail = mails[kind] {
        add(Self.mailSubject(kind), mail.subject)
        add(Self.mailBody(kind), mail.body)
      }
    }
    self.entries = entries
  }

  static func column(_ score: Int) -> String { "column.\(score)" }
  static func statement(_ number: Int) -> String { "statement.\(number)" }
  static func questionPrompt(_ key: String) -> String { "question.\(key).prompt" }
  static func questionOption(_ key: String, _ number: Int) -> String { "question.\(key).option.\(number)" }
  static func mailSubject(_ kind: MailTemplate.Kind) -> String { "mail.\(kind.rawValue).subject" }
  static func mailBody(_ kind: MailTemplate.Kind) -> String { "mail.\(kind.rawValue).body" }
}

extension TranslatableTexts {
  /// The texts of a stored study whose design is `design` (``StudyDesign/load(_:on:)``), with the
  /// e-mails it sends.
  static func load(_ study: Study, design: StudyTemplate, on db: any Database) async throws -> TranslatableTexts {
    let studyID = try study.requireID()
    var mails: [MailTemplate.Kind: (subject: String, body: String)] = [:]
    for kind in MailTemplate.Kind.allCases {
      mails[kind] = try await MailTemplateText.load(kind, studyID: studyID, on: db)
    }
    return TranslatableTexts(wording: StudyWording(study: study), design: design, mails: mails)
  }
}
