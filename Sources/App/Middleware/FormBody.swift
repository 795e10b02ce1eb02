import Vapor

/// The fields of a collected `application/x-www-form-urlencoded` body, in order, repeated names
/// kept: what a form posted, to offer it again (``CSRF/expired(_:)``).
enum FormBody {
  struct Field: Encodable, Equatable {
    var name: String
    var value: String

    /// The words a person reads for the field: the form's own label where the field's name is not
    /// one ("flagP", "capacity[]"), else the name spelled out ("informationSheet" → "Information sheet").
    var label: String {
      if let label = Self.labels[name] { return label }
      var words = ""
      for character in name.replacingOccurrences(of: "[]", with: "") {
        if character.isUppercase, !words.isEmpty {
          words += " " + character.lowercased()
        } else {
          words.append(character)
        }
      }
      return words.prefix(1).uppercased() + words.dropFirst().replacingOccurrences(of: "_", with: " ")
    }

    /// A field the page held out of sight (a revision, a file sent back, the listed sorts): sent
    /// again as it came, never shown as something to check.
    var isHidden: Bool { Self.hiddenNames.contains(name) }

    /// The labels of the app's form fields whose names a person would not read as words.
    static let labels: [String: String] = [
      "description": "Welcome", "informationSheet": "Information sheet", "consentText": "Consent text",
      "thankYouText": "Thank-you text", "contactDetails": "Contact details",
      "disagreeLabel": "Label of the most-disagree end", "agreeLabel": "Label of the most-agree end",
      "sortMode": "Sort mode", "commentScores": "Columns asked about", "commentsRequired": "Comments required",
      "openAccess": "Open access", "kind": "Type", "phase": "When", "key": "Key (the column in exports)",
      "score[]": "Score of each column", "capacity[]": "Statements each column holds", "label[]": "Column labels",
      "sites[]": "Sites", "codes": "Codes", "list": "Statements, one per line", "mode": "Add or replace",
      "flagP": "Flagging significance", "smallestGroup": "Smallest group reported", "bootstrapSteps": "Resamples",
      "bootstrapSeed": "Seed", "extractedFactors": "Factors to extract", "skipInvalid": "Leave out invalid sorts",
      "first": "Horizontal axis", "second": "Vertical axis", "degrees": "Degrees", "with": "Compare with",
      "invitation_subject": "Invitation subject", "invitation_body": "Invitation text",
      "reminder_subject": "Reminder subject", "reminder_body": "Reminder text", "template": "Start from",
    ]

    /// Fields the app's forms carry as `type="hidden"`.
    static let hiddenNames: Set<String> = [
      "revision", "payload", "textsPayload", "fileName", "textsName", "sorts-listed", "site-limited", "steps",
      "from", "to", "asked", "version", "action",
    ]

    /// A password field: never sent back to the browser, whatever page offers the form again.
    var isSecret: Bool { name.lowercased().contains("password") }

    private enum CodingKeys: String, CodingKey { case name, value, label, secret, hidden }

    /// What a page shows: a password's value is left out (the field comes back empty, to type again).
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(name, forKey: .name)
      try container.encode(isSecret ? "" : value, forKey: .value)
      try container.encode(label, forKey: .label)
      try container.encode(isSecret, forKey: .secret)
      try container.encode(isHidden, forKey: .hidden)
    }
  }

  static func fields(of request: Request) -> [Field] {
    guard request.headers.contentType == .urlEncodedForm, let buffer = request.body.data else { return [] }
    return fields(in: String(buffer: buffer))
  }

  static func fields(in body: String) -> [Field] {
    body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      return Field(name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
    }
  }

  private static func decode(_ text: Substring) -> String {
    let spaced = text.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }
}
