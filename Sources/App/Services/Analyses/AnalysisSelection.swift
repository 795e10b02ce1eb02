import Foundation
import POETQKit
import QMethod

/// Which of a study's completed sorts an analysis uses: all of them, those of some sites, those made
/// in some languages, those whose answer to a question is one of some values, or a list of sort ids;
/// then any sorts ticked out. Imported sorts count like collected ones (in the study's own language).
/// Stored in ``AnalysisParameters``; an analysis stored before languages decodes with `languages` nil.
struct AnalysisSelection: Codable, Equatable, Sendable {
  /// A filter on a questionnaire answer: sorts that answered `key` with any of `answers`.
  struct QuestionFilter: Codable, Equatable, Sendable {
    var key: String
    var answers: [String]

    enum CodingKeys: String, CodingKey, CaseIterable { case key, answers }

    init(key: String, answers: [String]) {
      self.key = key
      self.answers = answers
    }

    /// Part of an API body: unknown fields refused (``APIBody``).
    init(from decoder: any Decoder) throws {
      try decoder.refuseUnknownKeys(CodingKeys.self)
      let container = try decoder.container(keyedBy: CodingKeys.self)
      key = try container.decode(String.self, forKey: .key)
      answers = try container.decode([String].self, forKey: .answers)
    }
  }

  /// Site names; `nil` for every site.
  var sites: [String]?
  /// Language tags (`fr`, `en`): the sorts made in these languages; `nil` for every language.
  /// Statements keep their numbers in every language, so sorts of any languages analyse together.
  var languages: [String]?
  var question: QuestionFilter?
  /// Sort ids; `nil` for every sort the other filters keep.
  var sorts: [String]?
  /// Sort ids left out.
  var exclude: [String] = []

  init(
    sites: [String]? = nil, languages: [String]? = nil, question: QuestionFilter? = nil, sorts: [String]? = nil,
    exclude: [String] = []
  ) {
    self.sites = sites
    self.languages = languages
    self.question = question
    self.sorts = sorts
    self.exclude = exclude
  }

  /// The export narrowed to the selected sorts, in the export's order (so the result's rows are the
  /// `.DAT` export's rows).
  /// - Parameter place: where the sorts are, in the errors' words ("in this study", or "at your
  ///   sites" for a member limited to some: the export then holds their sites' sorts only, and the
  ///   errors speak of nothing else).
  /// - Throws: 422 naming the field: an unknown site, language, question or sort id, or an empty
  ///   selection.
  func apply(to export: StudyDataExport, siteNames: [String], place: String = "in this study") throws
    -> StudyDataExport
  {
    var kept = export.sorts
    if let sites {
      for (index, site) in sites.enumerated() where !siteNames.contains(site) {
        throw Self.invalid("sites[\(index)]", "there is no site \"\(site)\" \(place)")
      }
      kept = kept.filter { sites.contains($0.site) }
    }
    if let languages {
      var wanted: Set<StudyLanguage> = []
      for (index, tag) in languages.enumerated() {
        guard let language = StudyLanguage(tag: tag) else {
          let known = StudyLanguage.allCases.map(\.tag).joined(separator: ", ")
          throw Self.invalid("languages[\(index)]", "there is no language \"\(tag)\"; use one of \(known)")
        }
        wanted.insert(language)
      }
      kept = kept.filter { StudyLanguage(tag: $0.language).map(wanted.contains) ?? false }
    }
    if let question {
      guard export.questionKeys.contains(question.key) else {
        throw Self.invalid("question.key", "this study asks no question \"\(question.key)\"")
      }
      kept = kept.filter { !Set($0.answers[question.key] ?? []).isDisjoint(with: question.answers) }
    }
    let known = Set(export.sorts.map(\.sortID))
    if let sorts {
      for (index, id) in sorts.enumerated() where !known.contains(id) {
        throw Self.invalid("sorts[\(index)]", "there is no completed sort \"\(id)\" \(place)")
      }
      let wanted = Set(sorts)
      kept = kept.filter { wanted.contains($0.sortID) }
    }
    for (index, id) in exclude.enumerated() where !known.contains(id) {
      throw Self.invalid("exclude[\(index)]", "there is no completed sort \"\(id)\" \(place)")
    }
    kept = kept.filter { !exclude.contains($0.sortID) }
    guard kept.count >= 2 else {
      throw Self.invalid(
        "sorts",
        kept.isEmpty
          ? "the selection holds no completed sort" : "an analysis needs at least 2 sorts; the selection holds 1")
    }
    var narrowed = export
    narrowed.sorts = kept
    return narrowed
  }

  /// The languages part in words, for the analysis's page and its report's method: "French",
  /// "English and French"; `nil` when the selection keeps every language.
  var languageWords: String? {
    guard let languages else { return nil }
    let names = languages.map { StudyLanguage(tag: $0)?.englishName ?? $0 }
    guard let last = names.last else { return nil }
    return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
  }

  static func invalid(_ field: String, _ message: String) -> Refusal {
    Refusal.invalid("\(field): \(message).")
  }
}

/// Everything that determines a stored analysis besides the data: the engine's options (what
/// `poetq analyze --config` replays) and the sorts selection.
struct AnalysisParameters: Codable, Equatable, Sendable {
  var options: AnalysisOptions
  var selection: AnalysisSelection

  func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  static func decode(_ text: String) throws -> AnalysisParameters {
    try JSONDecoder().decode(AnalysisParameters.self, from: Data(text.utf8))
  }
}
