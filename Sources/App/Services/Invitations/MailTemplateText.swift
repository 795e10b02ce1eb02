import Fluent
import Foundation

/// The invitation and reminder texts: defaults, the placeholders, the checks on an edited template
/// and filling one in for a participant.
enum MailTemplateText {
  /// What a template may use, in the order the page lists them.
  static let placeholders = ["name", "link", "study", "site", "contact"]
  static let maxSubjectLength = 200
  static let maxBodyLength = 20_000

  /// The values for one participant. `name` falls back to `nameFallback` ("participant", in the
  /// message's language from the catalogue) when the list gave none, `contact` to `noContact`
  /// ("Reply to this message.") when the study has no contact details.
  struct Values {
    var name: String?
    var link: String
    var study: String
    var site: String
    var contact: String
    var nameFallback = "participant"
    var noContact = "Reply to this message."

    func value(_ placeholder: String) -> String? {
      switch placeholder {
      case "name": name.flatMap { $0.isEmpty ? nil : $0 } ?? nameFallback
      case "link": link
      case "study": study
      case "site": site
      case "contact":
        contact.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? noContact : contact
      default: nil
      }
    }
  }

  static func defaults(_ kind: MailTemplate.Kind) -> (subject: String, body: String) {
    switch kind {
    case .invitation:
      (
        "Invitation to take part: {{study}}",
        """
        Dear {{name}},

        You are invited to take part in the study "{{study}}" ({{site}}). You will sort a set of \
        statements from those you most disagree with to those you most agree with; it takes about \
        30 minutes.

        Your personal link (please do not share it):
        {{link}}

        You can stop at any time and come back through the same link: your progress is saved.

        Questions? {{contact}}
        """
      )
    case .reminder:
      (
        "Reminder: {{study}}",
        """
        Dear {{name}},

        A reminder that you are invited to take part in the study "{{study}}" ({{site}}). If you have \
        started, the link takes you back to where you left off.

        Your personal link (please do not share it):
        {{link}}

        If you have already taken part or do not wish to, please ignore this message.

        Questions? {{contact}}
        """
      )
    }
  }

  /// The study's template of `kind`, or the default.
  static func load(_ kind: MailTemplate.Kind, studyID: UUID, on db: any Database) async throws -> (
    subject: String, body: String
  ) {
    if let stored = try await MailTemplate.query(on: db).filter(\.$study.$id == studyID).filter(\.$kind == kind)
      .first()
    {
      return (stored.subject, stored.body)
    }
    return defaults(kind)
  }

  /// The name of a template's field as the page shows it ("Invitation subject").
  static func fieldName(_ kind: MailTemplate.Kind, _ part: String) -> String {
    (kind == .invitation ? "Invitation " : "Reminder ") + part
  }

  /// Checks an edited template: a one-line subject and a body, both within their lengths, only
  /// known placeholders, and `{{link}}` in the body.
  /// - Throws: 422 naming the field.
  static func checked(_ kind: MailTemplate.Kind, subject: String, body: String) throws -> (
    subject: String, body: String
  ) {
    let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
    let body = body.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    func refuse(_ part: String, _ message: String) -> Refusal {
      Refusal.invalid("\(fieldName(kind, part)): \(message)")
    }
    guard !subject.isEmpty else { throw refuse("subject", "a message needs a subject.") }
    guard subject.count <= maxSubjectLength else {
      throw refuse("subject", "keep it under \(maxSubjectLength) characters.")
    }
    guard !subject.contains(where: \.isNewline) else { throw refuse("subject", "keep it on one line.") }
    guard !body.isEmpty else { throw refuse("body", "a message needs a text.") }
    guard body.count <= maxBodyLength else { throw refuse("body", "keep it under \(maxBodyLength) characters.") }
    for (part, text) in [("subject", subject), ("body", body)] {
      let unknown = names(in: text).filter { !placeholders.contains($0) }
      if let first = unknown.first {
        throw refuse(
          part,
          "there is no placeholder {{\(first)}}; use "
            + placeholders.map { "{{\($0)}}" }.joined(separator: ", ") + ".")
      }
    }
    guard names(in: body).contains("link") else {
      throw refuse("body", "put {{link}} in it: the participant's personal link is how they take part.")
    }
    return (subject, body)
  }

  /// `text` with every placeholder replaced by its value (unknown ones are left as they are).
  static func fill(_ text: String, _ values: Values) -> String {
    var result = ""
    var rest = Substring(text)
    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
      let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces).lowercased()
      result += rest[..<open.lowerBound]
      result += values.value(name) ?? String(rest[open.lowerBound..<close.upperBound])
      rest = rest[close.upperBound...]
    }
    return result + rest
  }

  /// The placeholder names used in `text`, lowercased.
  static func names(in text: String) -> [String] {
    var names: [String] = []
    var rest = Substring(text)
    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
      names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces).lowercased())
      rest = rest[close.upperBound...]
    }
    return names
  }
}

extension MailTemplateText {
  /// Saves both templates after checking them; all or nothing, audited without the texts.
  static func save(
    invitation: (subject: String, body: String), reminder: (subject: String, body: String), for study: Study,
    by userID: UUID, on db: any Database
  ) async throws {
    let studyID = try study.requireID()
    let checkedInvitation = try checked(.invitation, subject: invitation.subject, body: invitation.body)
    let checkedReminder = try checked(.reminder, subject: reminder.subject, body: reminder.body)
    try await db.transaction { db in
      for (kind, text) in [(MailTemplate.Kind.invitation, checkedInvitation), (.reminder, checkedReminder)] {
        let stored =
          try await MailTemplate.query(on: db).filter(\.$study.$id == studyID).filter(\.$kind == kind).first()
          ?? MailTemplate(studyID: studyID, kind: kind, subject: "", body: "")
        stored.subject = text.subject
        stored.body = text.body
        try await stored.save(on: db)
      }
      try await StudyEditor.audit(study, by: userID, "mail.templates", "invitation and reminder texts saved", on: db)
    }
  }
}
