import Foundation
import QMethod

/// What a researcher writes about one factor (section 3.4.5 of the report; Tables 12 and 13):
/// the viewpoint's name, its description, the main argument, how the others see it, a note per
/// statement code, and quotes pinned from the exemplars' comments.
///
/// The JSON keys are those of the API: `name`, `description`, `argument`, `viewedByOthers`, and the
/// optional `codeNotes` (`{code: text}`) and `quotes` (`[{sort, statement, text}]`).
public struct FactorInterpretation: Sendable, Codable, Equatable {
  /// "Ideal world commissioning".
  public var name: String
  public var description: String
  /// The main argument in a sentence ("Let's be optimistic"; Table 13).
  public var argument: String
  /// How the other viewpoints see this one (Table 13).
  public var viewedByOthers: String
  /// A note per statement code (Table 12's cells), e.g. `["People": "Patients first"]`.
  public var codeNotes: [String: String]
  /// Comments of exemplars pinned to the factor.
  public var quotes: [PinnedQuote]

  public init(
    name: String = "", description: String = "", argument: String = "", viewedByOthers: String = "",
    codeNotes: [String: String] = [:], quotes: [PinnedQuote] = []
  ) {
    self.name = name
    self.description = description
    self.argument = argument
    self.viewedByOthers = viewedByOthers
    self.codeNotes = codeNotes
    self.quotes = quotes
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
    description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
    argument = try container.decodeIfPresent(String.self, forKey: .argument) ?? ""
    viewedByOthers = try container.decodeIfPresent(String.self, forKey: .viewedByOthers) ?? ""
    codeNotes = try container.decodeIfPresent([String: String].self, forKey: .codeNotes) ?? [:]
    quotes = try container.decodeIfPresent([PinnedQuote].self, forKey: .quotes) ?? []
  }

  /// Whether nothing has been written yet.
  public var isEmpty: Bool {
    name.isEmpty && description.isEmpty && argument.isEmpty && viewedByOthers.isEmpty
      && codeNotes.values.allSatisfy(\.isEmpty) && quotes.isEmpty
  }
}

/// A participant's comment pinned to a factor: the exemplar sort, the statement it is about, the words.
public struct PinnedQuote: Sendable, Codable, Equatable, Hashable {
  /// The sort id (one of the factor's exemplars).
  public var sort: String
  /// The statement number the comment is about.
  public var statement: Int
  public var text: String

  public init(sort: String, statement: Int, text: String) {
    self.sort = sort
    self.statement = statement
    self.text = text
  }
}
