import Foundation
import QMethod

/// What a participant brought to a sort besides the scores, for the exemplars of a factor.
public struct SortMetadata: Sendable, Equatable {
  /// The sort id as the analysis knows it (`AnalysisResult.sorts`).
  public var sortID: String
  public var site: String
  /// The language the sort was made in (a tag: `en`, `fr`); its comments are in it.
  public var language: String
  /// Answers by question key (a multiple choice has several).
  public var answers: [String: [String]]
  /// Comments by statement number ("why did you place this here?").
  public var comments: [Int: String]
  /// Score by statement number, to say in which column a commented statement sits; may be empty.
  public var scores: [Int: Int]

  public init(
    sortID: String, site: String, language: String = "en", answers: [String: [String]] = [:],
    comments: [Int: String] = [:], scores: [Int: Int] = [:]
  ) {
    self.sortID = sortID
    self.site = site
    self.language = language
    self.answers = answers
    self.comments = comments
    self.scores = scores
  }

  /// The metadata of a completed sort as the study's exports hold it.
  public init(_ sort: CompletedSort) {
    self.init(
      sortID: sort.sortID, site: sort.site, language: sort.language, answers: sort.answers, comments: sort.comments,
      scores: sort.scores)
  }
}

/// Everything a report is made from, as plain values: the engine's result, the Q-set with its codes,
/// what each sort brought, the questions (to label answers) and the researcher's interpretations.
public struct ReportInput: Sendable {
  public var result: AnalysisResult
  /// The study's title; the result's title when empty.
  public var studyTitle: String
  /// The Q-set with codes (e.g. the 4P dimensions). Statements the result has but this lacks are
  /// shown with the result's wording and no codes.
  public var statements: [TemplateStatement]
  /// Per sort: site, answers, comments. Sorts without metadata are shown with their id only.
  public var sorts: [SortMetadata]
  /// The questions, in the order they are asked, to label answers; keys without a question are shown
  /// by key.
  public var questions: [TemplateQuestion]
  /// The researcher's interpretations by factor number (1-based column of the result).
  public var interpretations: [Int: FactorInterpretation]
  /// Column labels of the grid by score ("Most agree"); optional.
  public var columnLabels: [Int: String]
  /// Horn's parallel analysis on random sorts from this grid (``ParallelAnalysis/run``), when it was
  /// computed: the scree plot draws its thresholds and the scree table lists them.
  public var parallelAnalysis: ParallelAnalysis.Result?
  /// The parallel analysis is being computed in the background (a large analysis's first report):
  /// the scree says so instead of "not computed".
  public var parallelAnalysisPending = false

  /// What a scree says while ``parallelAnalysisPending``.
  public static let parallelAnalysisComputing =
    "Parallel analysis: computing… It runs in the background for an analysis this large; download the report again in a few minutes to include it."
  /// The language the report quotes the study in (its statements, prompts): the study's own tag. A
  /// comment made in another language is quoted as written, never translated, with its language named.
  public var language = "en"
  /// Language names by tag, in the report's words ("fr": "French"); a tag without a name is shown as is.
  public var languageNames: [String: String] = [:]
  /// The languages the analysis kept ("French"), `nil` when it kept every language (the method says so).
  public var selectedLanguages: String?

  /// The name of the language of sort `id` when its comments are not in the report's language
  /// ("French"), else `nil`.
  public func foreignLanguage(of id: String) -> String? {
    guard let language = metadata(of: id)?.language, language != self.language else { return nil }
    return languageNames[language] ?? language
  }

  /// The tag of the language of sort `id` when it is not the report's, for a `lang` attribute.
  public func foreignLanguageTag(of id: String) -> String? {
    guard let language = metadata(of: id)?.language, language != self.language else { return nil }
    return language
  }

  /// The sorts of this analysis whose participants withdrew after it ran (`[]`: some sort, not
  /// recorded which); `nil` when none did. Every report says so first (``withdrawalNotice``).
  public var withdrawnSorts: [String]?

  public init(
    result: AnalysisResult, studyTitle: String = "", statements: [TemplateStatement] = [],
    sorts: [SortMetadata] = [], questions: [TemplateQuestion] = [],
    interpretations: [Int: FactorInterpretation] = [:], columnLabels: [Int: String] = [:],
    parallelAnalysis: ParallelAnalysis.Result? = nil, withdrawnSorts: [String]? = nil
  ) {
    self.result = result
    self.studyTitle = studyTitle
    self.statements = statements
    self.sorts = sorts
    self.questions = questions
    self.interpretations = interpretations
    self.columnLabels = columnLabels
    self.parallelAnalysis = parallelAnalysis
    self.withdrawnSorts = withdrawnSorts
  }

  /// "Computed before participant D65 withdrew; re-run to remove their sort.", or `nil`.
  public var withdrawalNotice: String? {
    guard let sorts = withdrawnSorts else { return nil }
    return Self.withdrawalNotice(sorts)
  }

  /// The notice for the withdrawn `sorts` (`[]`: a sort not recorded).
  public static func withdrawalNotice(_ sorts: [String]) -> String {
    switch sorts.count {
    case 0: return "Computed before a participant withdrew; re-run to remove their sort."
    case 1: return "Computed before participant \(sorts[0]) withdrew; re-run to remove their sort."
    default:
      let names = sorts.dropLast().joined(separator: ", ") + " and " + (sorts.last ?? "")
      return "Computed before participants \(names) withdrew; re-run to remove their sorts."
    }
  }

  /// The PQMethod-style `.LIS` text, with the withdrawal notice first when there is one.
  public var textReport: String {
    let text = TextReport.render(result)
    guard let notice = withdrawalNotice else { return text }
    return "NOTE: \(notice)\n\n" + text
  }

  /// Parallel analysis of this result's shape (as many random sorts as it has, on its grid, with its
  /// correlation), with the count of leading eigenvalues above the line taken from this result.
  /// Deterministic: the fixed `seed` gives the same thresholds on every machine.
  /// - Throws: `QMethodError` when the grid does not hold the statements or there are fewer than 2 sorts.
  public static func parallelAnalysis(
    of result: AnalysisResult, simulations: Int = ParallelAnalysis.defaultSimulations,
    percentile: Double = ParallelAnalysis.defaultPercentile, seed: UInt64 = ParallelAnalysis.defaultSeed,
    stop: () -> Bool = { false }
  ) throws(QMethodError) -> ParallelAnalysis.Result {
    try ParallelAnalysis.run(
      observed: result.screeEigenvalues, sorts: result.sorts.count, statements: result.statements.count,
      distribution: result.distribution, correlation: result.options.correlation, simulations: simulations,
      percentile: percentile, seed: seed, stop: stop)
  }

  /// What ``parallelAnalysis(of:simulations:percentile:seed:)`` depends on, as one line (the random
  /// data's shape, correlation, simulations, percentile and seed; never the sorts themselves): results
  /// with the same key have the same thresholds, so a server may compute them once per key.
  public static func parallelAnalysisKey(
    of result: AnalysisResult, simulations: Int = ParallelAnalysis.defaultSimulations,
    percentile: Double = ParallelAnalysis.defaultPercentile, seed: UInt64 = ParallelAnalysis.defaultSeed
  ) -> String {
    parallelAnalysisKey(
      sorts: result.sorts.count, statements: result.statements.count, distribution: result.distribution,
      correlation: result.options.correlation, simulations: simulations, percentile: percentile, seed: seed)
  }

  /// The same key from the data's shape, for figures computed before any analysis is stored (the
  /// "How many factors?" page).
  public static func parallelAnalysisKey(
    sorts: Int, statements: Int, distribution grid: Distribution, correlation: CorrelationMethod,
    simulations: Int = ParallelAnalysis.defaultSimulations, percentile: Double = ParallelAnalysis.defaultPercentile,
    seed: UInt64 = ParallelAnalysis.defaultSeed
  ) -> String {
    let capacities = grid.capacities.map { $0.map(String.init).joined(separator: ",") } ?? "free"
    return
      "horn1 \(correlation.rawValue) sorts=\(sorts) statements=\(statements) "
      + "scores=\(grid.minScore)...\(grid.maxScore) grid=\(capacities) simulations=\(simulations) "
      + "percentile=\(percentile) seed=\(seed)"
  }

  /// The report's title.
  public var title: String {
    let title = studyTitle.isEmpty ? result.title : studyTitle
    return title.isEmpty ? "Q analysis" : title
  }

  /// The number of factors (columns of the result).
  public var factorCount: Int { result.factorLabels.count }

  /// The wording of statement `number`: the Q-set's, else the result's, else "statement n".
  public func text(of number: Int) -> String {
    if let statement = statements.first(where: { $0.number == number }), !statement.text.isEmpty {
      return statement.text
    }
    if let index = result.statements.firstIndex(of: number), !result.statementTexts[index].isEmpty {
      return result.statementTexts[index]
    }
    return "statement \(number)"
  }

  /// The codes of statement `number` (none when the Q-set does not say).
  public func codes(of number: Int) -> [String] {
    statements.first { $0.number == number }?.codes ?? []
  }

  /// The codes in the order they first appear in the Q-set.
  public var codes: [String] {
    var seen: [String] = []
    for statement in statements.sorted(by: { $0.number < $1.number }) {
      for code in statement.codes where !seen.contains(code) { seen.append(code) }
    }
    return seen
  }

  /// The codes of the code profile and Table 12: the top-level codes. A code written "People: Fair"
  /// is a theme of the dimension "People" when "People" is a code too, and is left out, so a Q-set
  /// coded by 4P dimension and theme profiles the four dimensions (the report's Table 12).
  public var profileCodes: [String] {
    let all = codes
    return all.filter { code in
      guard let colon = code.range(of: ": ") else { return true }
      return !all.contains(String(code[..<colon.lowerBound]))
    }
  }

  /// The name a researcher gave factor `factor` (1-based), or "Factor 2".
  public func factorName(_ factor: Int) -> String {
    let label = "Factor \(result.factorLabels[factor - 1])"
    guard let name = interpretations[factor]?.name, !name.isEmpty else { return label }
    return "\(label): \(name)"
  }

  /// The metadata of sort `id`, if given.
  public func metadata(of id: String) -> SortMetadata? { sorts.first { $0.sortID == id } }
}
