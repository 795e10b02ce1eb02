import Foundation
import Vapor

/// Everything a participant reads that is not the study's own text, for one language, from
/// `Resources/Locales/<language>/participant.json` (the catalogues: ``Locales``; the format is in
/// docs/languages.md). Placeholders are written `{name}`. A value is a text, or, for a counted
/// phrase, an object with a text per plural category of the language (``PluralCategory``):
/// `{"one": "{count} statement", "other": "{count} statements"}`, asked for with ``plural(_:count:_:)``.
struct ParticipantTexts: Sendable {
  let language: String
  /// The plain texts by key: what a page's Leaf context carries as `t`.
  let entries: [String: String]
  /// The counted texts by key: a form per plural category. Never in a Leaf context (a template
  /// cannot count): a page that needs one gets it composed in Swift.
  var plurals: [String: [PluralCategory: String]] = [:]
  /// For each participant template (`participant/presort`), only the entries it and the layout it
  /// extends name as `t.<key>`: a page's Leaf context carries these (a dozen) instead of the whole
  /// table (174), which Leaf encoded into every page (issue 26: 17.5 % of a loaded server's time went
  /// to rendering). A template not listed gets every entry.
  var byTemplate: [String: [String: String]] = [:]

  /// The language whose plural rule counts (English for a tag POETQ does not know), found once.
  var pluralLanguage: StudyLanguage = .en

  /// Reads the texts of `language` from the resources directory.
  ///
  /// - Throws: An error naming the file (and the key) when it is missing or not a JSON object whose
  ///   values are texts or objects of plural categories.
  static func load(language: String, resourcesDirectory: String) throws -> ParticipantTexts {
    let path = resourcesDirectory + "Locales/\(language)/participant.json"
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ServerFault("Participant texts not found: \(path)")
    }
    let values: [String: CatalogueValue]
    do {
      values = try JSONDecoder().decode([String: CatalogueValue].self, from: data)
    } catch {
      throw ServerFault("\(path): not a JSON object of texts and plural forms (\(error))")
    }
    var entries: [String: String] = [:]
    var plurals: [String: [PluralCategory: String]] = [:]
    for (key, value) in values {
      switch value {
      case .text(let text): entries[key] = text
      case .plural(let forms):
        var byCategory: [PluralCategory: String] = [:]
        for (name, text) in forms {
          guard let category = PluralCategory(rawValue: name) else {
            throw ServerFault(
              "\(path): \(key) has a plural form \"\(name)\"; the categories are "
                + PluralCategory.allCases.map(\.rawValue).joined(separator: ", "))
          }
          byCategory[category] = text
        }
        plurals[key] = byCategory
      }
    }
    let used = ParticipantTemplateKeys.scan(viewsDirectory: resourcesDirectory + "Views/")
    return ParticipantTexts(
      language: language, entries: entries, plurals: plurals,
      byTemplate: used.mapValues { keys in entries.filter { keys.contains($0.key) } },
      pluralLanguage: StudyLanguage(tag: language) ?? .en)
  }

  /// The entries `template` uses (every entry for a template that was not scanned).
  func entries(for template: String) -> [String: String] { byTemplate[template] ?? entries }

  /// The text for `key` with its `{placeholders}` filled in. A missing key (or a counted one, which
  /// needs ``plural(_:count:_:)``) shows as itself, so a gap is visible on the page (a test checks
  /// that every key used exists, with the right kind).
  func callAsFunction(_ key: String, _ values: [String: any CustomStringConvertible] = [:]) -> String {
    Self.fill(entries[key] ?? key, values)
  }

  /// The form of the counted text `key` that `count` takes in this language, with its
  /// `{placeholders}` filled in; `{count}` is `count` unless `values` names it. A form the catalogue
  /// lacks falls back to `other` (a test requires every form the language uses).
  func plural(_ key: String, count: Int, _ values: [String: any CustomStringConvertible] = [:]) -> String {
    guard let forms = plurals[key] else { return key }
    let text = forms[PluralCategory.of(count, in: pluralLanguage)] ?? forms[.other] ?? key
    var values = values
    if values["count"] == nil { values["count"] = count }
    return Self.fill(text, values)
  }

  /// `text` with each `{name}` of `values` replaced.
  private static func fill(_ text: String, _ values: [String: any CustomStringConvertible]) -> String {
    var text = text
    for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value.description) }
    return values.isEmpty ? text : tidy(text)
  }

  /// A sentence that ends on a quoted statement which ends a sentence itself takes no second full
  /// stop: `…duties.”.` becomes `…duties.”` (also before a French `»` after its no-break space, and a
  /// German closing `“`); a quoted statement in a list loses its own full stop before the comma:
  /// `…duties.”, “…` becomes `…duties”, “…`.
  static func tidy(_ text: String) -> String {
    // Most texts quote nothing: two regular expressions per text were 1 % of a loaded server's time.
    guard text.contains(where: { closingQuotes.contains($0) }) else { return text }
    return text.replacingOccurrences(of: #"([.!?…])(\u00A0?[”"’»“])\."#, with: "$1$2", options: .regularExpression)
      .replacingOccurrences(of: #"\.(\u00A0?[”"’»“]),"#, with: "$1,", options: .regularExpression)
  }

  private static let closingQuotes: Set<Character> = ["”", "\"", "’", "»", "“"]
}

/// One value of a catalogue: a text, or the forms of a counted text by plural category name.
enum CatalogueValue: Decodable, Equatable {
  case text(String)
  case plural([String: String])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let text = try? container.decode(String.self) {
      self = .text(text)
    } else {
      self = .plural(try container.decode([String: String].self))
    }
  }
}

extension Application {
  /// The English participant texts (``Locales/texts(for:)`` for another language).
  var participantTexts: ParticipantTexts { locales.texts(for: .en) }
}
