import Vapor

/// The fields of a collected `application/x-www-form-urlencoded` body, in order, repeated names
/// kept: what a form posted, to offer it again (``CSRF/expired(_:)``).
enum FormBody {
  struct Field: Encodable, Equatable {
    var name: String
    var value: String

    /// "informationSheet" → "Information sheet", "sites[]" → "Sites": a label a person can read.
    var label: String {
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

    /// A password field: never sent back to the browser, whatever page offers the form again.
    var isSecret: Bool { name.lowercased().contains("password") }

    private enum CodingKeys: String, CodingKey { case name, value, label, secret }

    /// What a page shows: a password's value is left out (the field comes back empty, to type again).
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(name, forKey: .name)
      try container.encode(isSecret ? "" : value, forKey: .value)
      try container.encode(label, forKey: .label)
      try container.encode(isSecret, forKey: .secret)
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
