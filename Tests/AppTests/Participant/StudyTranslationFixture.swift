import Fluent
import Foundation
import Testing

@testable import App

/// A study's translations written straight into `study_translations` (as the translations editor
/// stores them) with the design version raised, so the participants' next request sees them.
enum StudyTranslationFixture {
  /// The French title every French page carries (in `<title>` and the bar).
  static let frenchTitle = "Partenariat en pratique"
  static let arabicTitle = "الشراكة في الممارسة"

  /// The translation of `source` under `key` into `language`: recognisable in tests (French texts
  /// start with « FR »), Arabic ones in Arabic script so the screenshots show a right-to-left page;
  /// a mail text keeps its `{{placeholders}}` (the source follows the marker).
  static func translation(_ key: String, _ source: String, into language: StudyLanguage) -> String {
    switch language {
    case .fr: return key == "title" ? frenchTitle : "« FR » " + source
    case .ar:
      if key == "title" { return arabicTitle }
      if key.hasPrefix("statement.") {
        return "العبارة \(key.dropFirst("statement.".count)): العمل المشترك بين الشركاء يحسّن الرعاية المقدمة لكبار السن"
      }
      if key.hasPrefix("mail.") { return "بالعربية: " + source }
      if key.hasPrefix("column.") {
        return key.hasSuffix("-4") ? "أعارض بشدة" : key.hasSuffix(".4") ? "أوافق بشدة" : "عمود"
      }
      return "نص عربي مترجم لهذه الدراسة (\(key))"
    default: return "[\(language.tag)] " + source
    }
  }

  /// Translates every text of `study` into `language`, except the keys in `except`; returns the
  /// translated texts by key.
  @discardableResult
  static func translate(
    _ study: Study, into language: StudyLanguage, except: Set<String> = [], on db: any Database
  ) async throws -> [String: String] {
    let design = try await StudyDesign.load(study, on: db)
    let texts = try await TranslatableTexts.load(study, design: design, on: db)
    var written: [String: String] = [:]
    for entry in texts.entries where !except.contains(entry.key) {
      let text = translation(entry.key, entry.source, into: language)
      try await StudyTranslation(
        studyID: try study.requireID(), language: language.tag, key: entry.key, source: entry.source,
        translation: text
      ).create(on: db)
      written[entry.key] = text
    }
    try await StudyDesignVersion.bump(studyID: try study.requireID(), on: db)
    return written
  }

  /// HTML as Leaf escapes `text`.
  static func html(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
      .replacingOccurrences(of: "'", with: "&#39;")
  }
}
