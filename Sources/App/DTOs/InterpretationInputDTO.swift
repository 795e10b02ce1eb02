import POETQKit

/// `PUT …/analyses/{id}/factors/{n}`: the whole interpretation (fields left out are empty) and an
/// optional `revision` for a compare-and-swap. `factor` (what `GET` returns) is accepted and
/// ignored; any other unknown field is refused, so a misspelt `argumnet` cannot empty the argument.
struct InterpretationInputDTO: APIBody, Sendable {
  struct Quote: Decodable, Sendable {
    var sort: String
    var statement: Int
    var text: String

    enum CodingKeys: String, CodingKey, CaseIterable { case sort, statement, text }

    init(from decoder: any Decoder) throws {
      try decoder.refuseUnknownKeys(CodingKeys.self)
      let container = try decoder.container(keyedBy: CodingKeys.self)
      sort = try container.decode(String.self, forKey: .sort)
      statement = try container.decode(Int.self, forKey: .statement)
      text = try container.decode(String.self, forKey: .text)
    }
  }

  var revision: Int?
  var interpretation: FactorInterpretation

  enum CodingKeys: String, CodingKey, CaseIterable {
    case revision, name, description, argument, viewedByOthers, codeNotes, quotes
  }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self, ignoring: ["factor"])
    let container = try decoder.container(keyedBy: CodingKeys.self)
    revision = try container.decodeIfPresent(Int.self, forKey: .revision)
    func text(_ key: CodingKeys) throws -> String { try container.decodeIfPresent(String.self, forKey: key) ?? "" }
    interpretation = FactorInterpretation(
      name: try text(.name), description: try text(.description), argument: try text(.argument),
      viewedByOthers: try text(.viewedByOthers),
      codeNotes: try container.decodeIfPresent([String: String].self, forKey: .codeNotes) ?? [:],
      quotes: (try container.decodeIfPresent([Quote].self, forKey: .quotes) ?? []).map {
        PinnedQuote(sort: $0.sort, statement: $0.statement, text: $0.text)
      })
  }
}
