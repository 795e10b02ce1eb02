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
  /// Quotes taken out without the researcher's hand (a participant withdrew, or a re-run no longer
  /// counts the sort as defining), without their words: the page says how many went and why.
  /// Kept by the server across saves; a client cannot write them.
  public var removedQuotes: [RemovedQuote]

  public init(
    name: String = "", description: String = "", argument: String = "", viewedByOthers: String = "",
    codeNotes: [String: String] = [:], quotes: [PinnedQuote] = [], removedQuotes: [RemovedQuote] = []
  ) {
    self.name = name
    self.description = description
    self.argument = argument
    self.viewedByOthers = viewedByOthers
    self.codeNotes = codeNotes
    self.quotes = quotes
    self.removedQuotes = removedQuotes
  }

  enum CodingKeys: String, CodingKey {
    case name, description, argument, viewedByOthers, codeNotes, quotes, removedQuotes
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
    description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
    argument = try container.decodeIfPresent(String.self, forKey: .argument) ?? ""
    viewedByOthers = try container.decodeIfPresent(String.self, forKey: .viewedByOthers) ?? ""
    codeNotes = try container.decodeIfPresent([String: String].self, forKey: .codeNotes) ?? [:]
    quotes = try container.decodeIfPresent([PinnedQuote].self, forKey: .quotes) ?? []
    removedQuotes = try container.decodeIfPresent([RemovedQuote].self, forKey: .removedQuotes) ?? []
  }

  /// The API's keys; `removedQuotes` only when some quote was removed, so a client that never saw
  /// one reads the same object as before.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(description, forKey: .description)
    try container.encode(argument, forKey: .argument)
    try container.encode(viewedByOthers, forKey: .viewedByOthers)
    try container.encode(codeNotes, forKey: .codeNotes)
    try container.encode(quotes, forKey: .quotes)
    if !removedQuotes.isEmpty { try container.encode(removedQuotes, forKey: .removedQuotes) }
  }

  /// Whether nothing has been written yet.
  public var isEmpty: Bool {
    name.isEmpty && description.isEmpty && argument.isEmpty && viewedByOthers.isEmpty
      && codeNotes.values.allSatisfy(\.isEmpty) && quotes.isEmpty
  }
}

/// A pinned quote taken out, by sort and statement only (never the words).
public struct RemovedQuote: Sendable, Codable, Equatable, Hashable {
  public enum Reason: String, Sendable, Codable {
    /// The participant withdrew: their words go from every interpretation.
    case withdrawn
    /// Carried to a re-run in which the sort no longer defines the factor.
    case notDefining = "not_defining"
  }

  public var sort: String
  public var statement: Int
  public var reason: Reason

  public init(sort: String, statement: Int, reason: Reason) {
    self.sort = sort
    self.statement = statement
    self.reason = reason
  }
}

extension FactorInterpretation {
  /// The quotes of `sorts` taken out, recorded as removed for `reason`; `nil` when none was pinned.
  public func removingQuotes(of sorts: Set<String>, reason: RemovedQuote.Reason) -> FactorInterpretation? {
    let gone = quotes.filter { sorts.contains($0.sort) }
    guard !gone.isEmpty else { return nil }
    var changed = self
    changed.quotes.removeAll { sorts.contains($0.sort) }
    changed.removedQuotes += gone.map { RemovedQuote(sort: $0.sort, statement: $0.statement, reason: reason) }
    return changed
  }

  /// What the factor page says of removed quotes: "1 quote removed: its participant withdrew."
  public var removalNotes: [String] {
    var notes: [String] = []
    let withdrawn = removedQuotes.filter { $0.reason == .withdrawn }.count
    if withdrawn == 1 { notes.append("1 quote removed: its participant withdrew.") }
    if withdrawn > 1 { notes.append("\(withdrawn) quotes removed: their participants withdrew.") }
    let dropped = removedQuotes.filter { $0.reason == .notDefining }
    if !dropped.isEmpty {
      let sorts = Array(Set(dropped.map(\.sort))).sorted().joined(separator: ", ")
      notes.append(
        dropped.count == 1
          ? "1 quote dropped when carried from the earlier analysis: sort \(sorts) no longer defines this factor."
          : "\(dropped.count) quotes dropped when carried from the earlier analysis: sorts \(sorts) no longer define this factor."
      )
    }
    return notes
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
