import Foundation

/// A translator's file checked against the study as it is now: which translations to store and
/// which to remove, or every problem with the row that has it. Pure: the texts come in as values.
struct TranslationUpload: Equatable, Sendable {
  /// A translation to store: made from `source`, the study's current text under `key`.
  struct Change: Equatable, Sendable {
    var key: String
    var source: String
    var translation: String
    /// Marked `current` in the file: an out-of-date translation sent back unchanged is confirmed.
    var confirmed = false
  }

  /// The translations the file gives (non-empty), in file order.
  var translated: [Change]
  /// The keys whose translation cell is empty: not translated, so a stored translation goes.
  var cleared: [String]

  /// Every problem found, each naming its row, for one refusal.
  struct Problems: Error, Equatable, Sendable, CustomStringConvertible {
    var problems: [TranslationCSV.Problem]
    /// At most this many are named; a file of stale rows says so once, not sixty times.
    static let named = 10

    var description: String {
      let shown = problems.prefix(Self.named).map(\.description)
      let more = problems.count > Self.named ? [" … and \(problems.count - Self.named) more."] : []
      return (shown + more).joined(separator: " ") + " Nothing was saved."
    }
  }

  /// Checks `rows` (read from the file) against `texts`, the study's current texts by key.
  /// - Throws: ``Problems``: a key the study has no text for, a key given twice, a source that is
  ///   not the current text (the file was downloaded before the text changed), a translation of a
  ///   mail text that drops or invents a `{{placeholder}}`.
  static func check(_ rows: [TranslationCSV.ReadRow], against texts: [String: String]) throws(Problems) -> Self {
    var problems: [TranslationCSV.Problem] = []
    var seen: [String: Int] = [:]
    var translated: [Change] = []
    var cleared: [String] = []
    for row in rows {
      func refuse(_ message: String) { problems.append(.init(row: row.row, message: message)) }
      guard let current = texts[row.key] else {
        refuse(
          row.key.isEmpty
            ? "the key is empty; keep the key column as it was downloaded."
            : "the study has no text “\(row.key)”; download the file again for the current keys.")
        continue
      }
      if let first = seen[row.key] {
        refuse("“\(row.key)” is on row \(first) already; give each text once.")
        continue
      }
      seen[row.key] = row.row
      guard sameText(row.source, current) else {
        refuse(
          "the source of “\(row.key)” is not the study's current text (it changed after this file was "
            + "downloaded); download the file again and translate the new text.")
        continue
      }
      let translation = row.translation.trimmingCharacters(in: .whitespacesAndNewlines)
      if translation.isEmpty {
        cleared.append(row.key)
        continue
      }
      if let message = placeholderProblem(key: row.key, source: current, translation: translation) {
        refuse(message)
        continue
      }
      translated.append(
        Change(key: row.key, source: current, translation: normalisedLines(translation), confirmed: row.confirmed))
    }
    guard problems.isEmpty else { throw Problems(problems: problems) }
    return TranslationUpload(translated: translated, cleared: cleared)
  }

  /// Whether a source cell is the study's text: the same apart from how lines end (a textarea sends
  /// CRLF, a spreadsheet may keep LF) and blanks around it.
  static func sameText(_ cell: String, _ text: String) -> Bool {
    func normal(_ value: String) -> String {
      normalisedLines(value).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return normal(cell) == normal(text)
  }

  static func normalisedLines(_ text: String) -> String {
    text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
  }

  /// Why a mail text's translation cannot be sent: it lacks a placeholder of the source (the
  /// personal link, the name…) or has one the mail cannot fill.
  static func placeholderProblem(key: String, source: String, translation: String) -> String? {
    guard key.hasPrefix("mail.") else { return nil }
    let needed = MailTemplateText.names(in: source)
    let given = Set(MailTemplateText.names(in: translation))
    if let dropped = needed.first(where: { !given.contains($0) }) {
      return "the translation of “\(key)” drops {{\(dropped)}}; keep every placeholder of the source as it is ("
        + unique(needed).map { "{{\($0)}}" }.joined(separator: ", ") + ")."
    }
    if let unknown = given.sorted().first(where: { !needed.contains($0) && !MailTemplateText.placeholders.contains($0) }
    ) {
      return "the translation of “\(key)” has {{\(unknown)}}, which is no placeholder; keep the placeholders "
        + "as the source writes them, in English."
    }
    return nil
  }

  private static func unique(_ names: [String]) -> [String] {
    var seen: Set<String> = []
    return names.filter { seen.insert($0).inserted }
  }
}
