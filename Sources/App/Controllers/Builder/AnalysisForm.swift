import POETQKit
import QMethod
import Vapor

/// The run form of the Analyses tab: which sorts (sites, languages, an answer, sorts ticked out) and the
/// options, each explained in one line, with PQMethod's defaults preselected; and the request a
/// posted form makes. A member limited to some sites chooses among their sites' sorts only.
struct AnalysisForm: Encodable, Sendable {
  /// A checkbox of the selection: a site, a language, an answer.
  struct Tick: Encodable, Sendable {
    var value: String
    var label: String
    var checked: Bool
    var id: String
    /// Extra words after the label (a count, a site).
    var detail: String
  }

  struct QuestionChoice: Encodable, Sendable {
    var key: String
    var prompt: String
    var answers: [Tick]
  }

  struct SortChoice: Encodable, Sendable {
    var id: String
    var site: String
    /// The sort's language tag (the page's script counts by it).
    var language: String
    /// The sort's answers as `key=value` words the page's script filters on.
    var answers: String
    var checked: Bool
    var htmlID: String
  }

  var name: String
  var sites: [Tick]
  /// The languages the sorts were made in; shown only when there are several (empty otherwise).
  var languages: [Tick]
  var questions: [QuestionChoice]
  var sorts: [SortChoice]
  var total: Int
  var distribution: String
  var extractions: [Choice]
  var rotations: [Choice]
  var flagLevels: [Choice]
  var correlations: [Choice]
  var profiles: [Choice]
  var factors: String
  var extractedFactors: String
  var majority: Bool
  /// The factor bound and the defaults per extraction (the page's script swaps them as the
  /// extraction changes; Horst's are empty: it stops by itself).
  var factorBounds: FactorBounds

  /// Factors kept and extracted: at most `most`; PQMethod's 7 (centroid) or 8 (PCA) extracted.
  struct FactorBounds: Encodable, Sendable {
    var most: Int
    var statements: Int
    var sorts: Int
    var keptDefault: String
    var centroidExtracted: String
    var pcaExtracted: String

    init(sorts: Int, statements: Int) {
      most = AnalysisRequest.mostFactors(sorts: sorts, statements: statements)
      self.sorts = sorts
      self.statements = statements
      keptDefault = String(min(3, most))
      centroidExtracted = String(min(ExtractionMethod.centroid.defaultFactorCount, most))
      pcaExtracted = String(min(ExtractionMethod.pca.defaultFactorCount, most))
    }

    /// The prefilled (kept, extracted) for `extraction`.
    func defaults(_ extraction: String) -> (kept: String, extracted: String) {
      switch extraction {
      case ExtractionMethod.horst.rawValue: ("", "")
      case ExtractionMethod.pca.rawValue: (keptDefault, pcaExtracted)
      default: (keptDefault, centroidExtracted)
      }
    }
  }
  var bootstrap: BootstrapFields
  /// Where the form posts, and "How many factors?" its hint links to.
  var create: String
  var factorCount: String

  /// The form for `export` (the sorts this member may analyse) of study `slug`, filled with `fields`
  /// when a posted form comes back refused, else with the defaults.
  init(export: StudyDataExport, questions: [TemplateQuestion], fields: [FormBody.Field]? = nil, slug: String) {
    create = StudyRoute.analyses().href(slug: slug)
    factorCount = StudyRoute.analyses(.factorCount).href(slug: slug)
    func value(_ name: String) -> String? { fields?.first { $0.name == name }?.value }
    func values(_ name: String) -> Set<String>? { fields.map { Set($0.filter { $0.name == name }.map(\.value)) } }
    let siteNames = Array(Set(export.sorts.map(\.site))).sorted()
    let tickedSites = values("site") ?? Set(siteNames)
    sites = siteNames.enumerated().map { index, site in
      Tick(
        value: site, label: site, checked: tickedSites.contains(site), id: "site-\(index)",
        detail: "\(export.sorts.filter { $0.site == site }.count) sorts")
    }
    let languageTags = Self.languageTags(export)
    let tickedLanguages = values("language") ?? Set(languageTags)
    languages =
      languageTags.count < 2
      ? []
      : languageTags.enumerated().map { index, tag in
        Tick(
          value: tag, label: StudyLanguage(tag: tag)?.englishName ?? tag, checked: tickedLanguages.contains(tag),
          id: "language-\(index)", detail: "\(export.sorts.filter { $0.language == tag }.count) sorts")
      }
    self.questions = questions.filter { $0.kind.hasOptions }.enumerated().map { q, question in
      let ticked = values("answer.\(question.key)") ?? []
      return QuestionChoice(
        key: question.key, prompt: question.prompt,
        answers: question.options.enumerated().map { a, option in
          Tick(
            value: option, label: option, checked: ticked.contains(option), id: "answer-\(q)-\(a)",
            detail: "\(export.sorts.filter { $0.answers[question.key]?.contains(option) ?? false }.count) sorts")
        })
    }
    let listed = fields != nil && value("sorts-listed") != nil
    let tickedSorts = listed ? values("sort") ?? [] : Set(export.sorts.map(\.sortID))
    sorts = export.sorts.enumerated().map { index, sort in
      SortChoice(
        id: sort.sortID, site: sort.site, language: sort.language,
        answers: sort.answers.sorted { $0.key < $1.key }.flatMap { key, answers in answers.map { "\(key)=\($0)" } }
          .joined(separator: "\n"),
        checked: tickedSorts.contains(sort.sortID), htmlID: "sort-\(index)")
    }
    total = export.sorts.count
    distribution = ReportMethod.distribution(export.distribution)
    let extraction = value("extraction") ?? ExtractionMethod.centroid.rawValue
    extractions = [
      Choice(value: "centroid", label: "Centroid (Brown; PQMethod's QCENT)", selected: extraction == "centroid"),
      Choice(value: "pca", label: "Principal components (PQMethod's QPCA)", selected: extraction == "pca"),
      Choice(value: "horst", label: "Horst's iterated centroid (PQMethod 5.5, KADE)", selected: extraction == "horst"),
    ]
    let rotation = value("rotation") ?? RotationMethod.varimax.rawValue
    rotations = [
      Choice(value: "varimax", label: "Varimax, PQMethod's rules", selected: rotation == "varimax"),
      Choice(
        value: "varimax-optimum", label: "Varimax to the exact optimum", selected: rotation == "varimax-optimum"),
      Choice(value: "none", label: "None (rotate by hand afterwards)", selected: rotation == "none"),
    ]
    let level = value("flagP") ?? "0.05"
    flagLevels = SignificanceLevel.allCases.map {
      Choice(value: $0.rawValue, label: "p < \($0.rawValue)", selected: $0.rawValue == level)
    }
    let correlation = value("correlation") ?? "pearson"
    correlations = [
      Choice(value: "pearson", label: "Pearson", selected: correlation == "pearson"),
      Choice(value: "spearman", label: "Spearman (ranks)", selected: correlation == "spearman"),
    ]
    let profile = value("profile") ?? "pqmethod"
    profiles = [
      Choice(value: "pqmethod", label: "PQMethod / KADE", selected: profile == "pqmethod"),
      Choice(value: "qmethod", label: "R package qmethod", selected: profile == "qmethod"),
    ]
    name = value("name") ?? ""
    factorBounds = FactorBounds(sorts: export.sorts.count, statements: export.statements.count)
    let defaults = factorBounds.defaults(extraction)
    factors = value("factors") ?? defaults.kept
    extractedFactors = value("extractedFactors") ?? defaults.extracted
    majority = fields == nil || value("majority") != nil
    bootstrap = BootstrapFields(fields)
  }

  /// The request a posted form makes.
  /// - Throws: 422 naming the field when a value cannot be read.
  static func request(_ fields: [FormBody.Field], export: StudyDataExport) throws -> AnalysisRequest {
    func value(_ name: String) -> String { fields.first { $0.name == name }?.value.trimmed ?? "" }
    func number(_ name: String) throws -> Int? {
      let text = value(name)
      if text.isEmpty { return nil }
      guard let number = Int(text) else {
        throw AnalysisSelection.invalid(name, "write a whole number, not \"\(text)\"")
      }
      return number
    }
    func choice<T: RawRepresentable<String>>(_ name: String, _ type: T.Type, default fallback: T) throws -> T {
      let text = value(name)
      if text.isEmpty { return fallback }
      guard let chosen = T(rawValue: text) else { throw AnalysisSelection.invalid(name, "\"\(text)\" is not a choice") }
      return chosen
    }
    let extraction = try choice("extraction", ExtractionMethod.self, default: .centroid)
    // Horst left without a number stops by itself, as PQMethod 5.5 does (the request checks the rest).
    let factors = try number("factors")
    let flagP = try choice("flagP", SignificanceLevel.self, default: .p05)
    let automatic = "Horst centroid, factors by its stopping rule, varimax"
    let name =
      value("name").isEmpty
      ? factors.map { defaultName(extraction: extraction, factors: $0) } ?? automatic : value("name")
    return AnalysisRequest(
      name: name, selection: try selection(fields, export: export), extraction: extraction, factors: factors,
      extractedFactors: try number("extractedFactors"),
      rotation: try choice("rotation", RotationMethod.self, default: .varimax), flagP: Double(flagP.rawValue),
      majority: fields.contains { $0.name == "majority" },
      profile: try choice("profile", ConventionProfile.self, default: .pqmethod),
      correlation: try choice("correlation", CorrelationMethod.self, default: .pearson),
      bootstrap: try bootstrap(fields))
  }

  /// The sorts a posted form chose: the ticked sites (every site when all are ticked), the ticked
  /// answers of one question, and the sorts left ticked in the list.
  static func selection(_ fields: [FormBody.Field], export: StudyDataExport) throws -> AnalysisSelection {
    let allSites = Set(export.sorts.map(\.site))
    let ticked = fields.filter { $0.name == "site" }.map(\.value)
    let sites: [String]? = Set(ticked) == allSites && !fields.contains { $0.name == "site-limited" } ? nil : ticked
    if sites?.isEmpty == true { throw AnalysisSelection.invalid("sites", "tick at least one site") }
    // The languages' boxes are on the form only when the sorts were made in several languages.
    var languages: [String]?
    if fields.contains(where: { $0.name == "languages-listed" }) {
      let tickedLanguages = fields.filter { $0.name == "language" }.map(\.value)
      languages = Set(tickedLanguages) == Set(languageTags(export)) ? nil : tickedLanguages
      if languages?.isEmpty == true {
        throw AnalysisSelection.invalid("languages", "tick at least one language")
      }
    }
    var answers: [String: [String]] = [:]
    for field in fields where field.name.hasPrefix("answer.") {
      answers[String(field.name.dropFirst("answer.".count)), default: []].append(field.value)
    }
    guard answers.count <= 1 else {
      throw AnalysisSelection.invalid(
        "question", "filter on the answers of one question at a time (you ticked answers of \(answers.count))")
    }
    let question = answers.first.map { AnalysisSelection.QuestionFilter(key: $0.key, answers: $0.value) }
    var exclude: [String] = []
    if fields.contains(where: { $0.name == "sorts-listed" }) {
      let kept = Set(fields.filter { $0.name == "sort" }.map(\.value))
      exclude = export.sorts.map(\.sortID).filter { !kept.contains($0) }
    }
    return AnalysisSelection(sites: sites, languages: languages, question: question, sorts: nil, exclude: exclude)
  }

  /// The languages the sorts were made in, in ``StudyLanguage``'s order (unknown tags last).
  static func languageTags(_ export: StudyDataExport) -> [String] {
    let order = StudyLanguage.allCases.map(\.tag)
    return Array(Set(export.sorts.map(\.language))).sorted {
      (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1)
    }
  }

  /// The form's labels for the request's field names: a refused form names what the page shows, not
  /// the names the API and the engine use.
  static let labels = [
    "name": "Name", "sites": "Sites", "languages": "Languages", "question": "Only sorts with some answer",
    "extraction": "Extraction",
    "factors": "Factors kept", "extractedFactors": "Factors extracted", "rotation": "Rotation",
    "flagP": "Flag a sort when its loading is significant at", "correlation": "Correlation",
    "profile": "Follow the conventions of", "sorts": "Leave out individual sorts",
    "bootstrapSteps": "Resamples", "bootstrapSeed": "Seed",
  ]

  /// `reason` ("extractedFactors: extract 3 to 8 factors …") as the form says it ("Factors extracted:
  /// extract 3 to 8 factors …").
  static func formMessage(_ reason: String) -> String {
    // "sites[0]" is the form's "Sites".
    guard let colon = reason.firstIndex(of: ":"),
      let field = reason[..<colon].split(separator: "[").first, let label = labels[String(field)]
    else { return reason }
    return label + reason[colon...]
  }

  /// "Centroid, 5 factors, varimax" and the like.
  static func defaultName(extraction: ExtractionMethod, factors: Int, rotation: RotationMethod = .varimax) -> String {
    let method =
      switch extraction {
      case .centroid: "Centroid"
      case .pca: "PCA"
      case .horst: "Horst centroid"
      }
    let rotated =
      switch rotation {
      case .varimax: "varimax"
      case .varimaxOptimum: "varimax (optimum)"
      case .none: "unrotated"
      }
    return "\(method), \(factors) factor\(factors == 1 ? "" : "s"), \(rotated)"
  }
}

extension String {
  fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
