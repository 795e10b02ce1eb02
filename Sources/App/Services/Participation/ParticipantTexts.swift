import Foundation
import Vapor

/// Everything a participant reads that is not the study's own text, for one language, from
/// `Resources/Locales/<language>/participant.json` (the catalogues: ``Locales``). Placeholders are
/// written `{name}`.
struct ParticipantTexts: Sendable {
  let language: String
  let entries: [String: String]
  /// For each participant template (`participant/presort`), only the entries it and the layout it
  /// extends name as `t.<key>`: a page's Leaf context carries these (a dozen) instead of the whole
  /// table (174), which Leaf encoded into every page (issue 26: 17.5 % of a loaded server's time went
  /// to rendering). A template not listed gets every entry.
  var byTemplate: [String: [String: String]] = [:]

  /// Reads the texts of `language` from the resources directory.
  ///
  /// - Throws: An error naming the file when it is missing or not a JSON object of strings.
  static func load(language: String, resourcesDirectory: String) throws -> ParticipantTexts {
    let path = resourcesDirectory + "Locales/\(language)/participant.json"
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ServerFault("Participant texts not found: \(path)")
    }
    do {
      let entries = try JSONDecoder().decode([String: String].self, from: data)
      let used = ParticipantTemplateKeys.scan(viewsDirectory: resourcesDirectory + "Views/")
      return ParticipantTexts(
        language: language, entries: entries,
        byTemplate: used.mapValues { keys in entries.filter { keys.contains($0.key) } })
    } catch {
      throw ServerFault("\(path): not a JSON object of strings (\(error))")
    }
  }

  /// The entries `template` uses (every entry for a template that was not scanned).
  func entries(for template: String) -> [String: String] { byTemplate[template] ?? entries }

  /// The text for `key` with its `{placeholders}` filled in. A missing key shows as itself, so a
  /// gap is visible on the page (a test checks that every key used exists).
  func callAsFunction(_ key: String, _ values: [String: any CustomStringConvertible] = [:]) -> String {
    var text = entries[key] ?? key
    for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value.description) }
    return values.isEmpty ? text : Self.tidy(text)
  }

  /// A sentence that ends on a quoted statement which ends a sentence itself takes no second full
  /// stop: `…duties.”.` becomes `…duties.”`; a quoted statement in a list loses its own full stop
  /// before the comma: `…duties.”, “…` becomes `…duties”, “…`.
  static func tidy(_ text: String) -> String {
    // Most texts quote nothing: two regular expressions per text were 1 % of a loaded server's time.
    guard text.contains(where: { $0 == "”" || $0 == "\"" || $0 == "’" }) else { return text }
    return text.replacingOccurrences(of: #"([.!?…])([”"’])\."#, with: "$1$2", options: .regularExpression)
      .replacingOccurrences(of: #"\.([”"’]),"#, with: "$1,", options: .regularExpression)
  }
}

extension Application {
  /// The English participant texts (``Locales/texts(for:)`` for another language).
  var participantTexts: ParticipantTexts { locales.texts(for: .en) }
}
