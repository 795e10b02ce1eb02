import Foundation
import Vapor

/// Everything a participant reads that is not the study's own text, for one language, from
/// `Resources/Text/participant.<language>.json`: the one place to translate for a study run in
/// another language. Placeholders are written `{name}`.
struct ParticipantTexts: Sendable {
  let language: String
  let entries: [String: String]

  /// Reads the texts of `language` from the resources directory.
  ///
  /// - Throws: An error naming the file when it is missing or not a JSON object of strings.
  static func load(language: String, resourcesDirectory: String) throws -> ParticipantTexts {
    let path = resourcesDirectory + "Text/participant.\(language).json"
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ServerFault("Participant texts not found: \(path)")
    }
    do {
      return ParticipantTexts(language: language, entries: try JSONDecoder().decode([String: String].self, from: data))
    } catch {
      throw ServerFault("\(path): not a JSON object of strings (\(error))")
    }
  }

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
    text.replacingOccurrences(of: #"([.!?…])([”"’])\."#, with: "$1$2", options: .regularExpression)
      .replacingOccurrences(of: #"\.([”"’]),"#, with: "$1,", options: .regularExpression)
  }
}

extension Application {
  private struct ParticipantTextsKey: StorageKey { typealias Value = ParticipantTexts }

  /// The participant texts, loaded at start-up.
  var participantTexts: ParticipantTexts {
    get { storage[ParticipantTextsKey.self]! }
    set { storage[ParticipantTextsKey.self] = newValue }
  }
}
