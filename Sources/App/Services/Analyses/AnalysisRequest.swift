import Foundation
import QMethod

/// The body of `POST /api/v1/studies/{slug}/analyses` (and of the run form): a name, the sorts
/// selection and the analysis options, in the names the issue gives them:
/// `{"name", "sites"?, "languages"?, "question"?, "sorts"?, "exclude"?, "extraction", "factors", "extractedFactors"?,
/// "rotation", "rotate"?: [[i, j, degrees]], "flagP"?, "majority"?, "flags"?: {"sortID": [factors]},
/// "invert"?, "split"?, "profile"?, "correlation"?, "bootstrap"?: {"steps", "seed"?}}`. Unknown fields are
/// refused.
struct AnalysisRequest: APIBody, Sendable {
  var name: String
  var sites: [String]?
  /// Language tags: only the sorts made in these languages (``AnalysisSelection/languages``).
  var languages: [String]?
  var question: AnalysisSelection.QuestionFilter?
  var sorts: [String]?
  var exclude: [String]?
  var extraction: ExtractionMethod
  /// Factors kept; `nil` only with Horst, which stops by itself (PQMethod 5.5's rule).
  var factors: Int?
  var extractedFactors: Int?
  var rotation: RotationMethod
  var rotate: [[Double]]?
  var flagP: Double?
  var majority: Bool?
  var flags: [String: [Int]]?
  var invert: [Int]?
  var split: [Int]?
  var profile: ConventionProfile?
  var correlation: CorrelationMethod?
  /// Resample the sorts and report the solution's stability (``BootstrapRequest``).
  var bootstrap: BootstrapRequest?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, sites, languages, question, sorts, exclude, extraction, factors, extractedFactors, rotation, rotate,
      flagP
    case majority, flags, invert, split, profile, correlation
    case bootstrap
  }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    sites = try c.decodeIfPresent([String].self, forKey: .sites)
    languages = try c.decodeIfPresent([String].self, forKey: .languages)
    question = try c.decodeIfPresent(AnalysisSelection.QuestionFilter.self, forKey: .question)
    sorts = try c.decodeIfPresent([String].self, forKey: .sorts)
    exclude = try c.decodeIfPresent([String].self, forKey: .exclude)
    extraction = try c.decodeChoice(ExtractionMethod.self, forKey: .extraction)
    factors = try c.decodeIfPresent(Int.self, forKey: .factors)
    extractedFactors = try c.decodeIfPresent(Int.self, forKey: .extractedFactors)
    rotation = try c.decodeChoice(RotationMethod.self, forKey: .rotation)
    rotate = try c.decodeIfPresent([[Double]].self, forKey: .rotate)
    flagP = try c.decodeIfPresent(Double.self, forKey: .flagP)
    majority = try c.decodeIfPresent(Bool.self, forKey: .majority)
    flags = try c.decodeIfPresent([String: [Int]].self, forKey: .flags)
    invert = try c.decodeIfPresent([Int].self, forKey: .invert)
    split = try c.decodeIfPresent([Int].self, forKey: .split)
    profile = try c.decodeChoiceIfPresent(ConventionProfile.self, forKey: .profile)
    correlation = try c.decodeChoiceIfPresent(CorrelationMethod.self, forKey: .correlation)
    bootstrap = try c.decodeIfPresent(BootstrapRequest.self, forKey: .bootstrap)
  }

  /// The selection part.
  var selection: AnalysisSelection {
    AnalysisSelection(sites: sites, languages: languages, question: question, sorts: sorts, exclude: exclude ?? [])
  }

  /// The engine's options, checked against the selected data so a run never fails on what the
  /// request could have said wrong.
  /// - Throws: 422 naming the field (factor out of range, a rotation step on a factor that does not
  ///   exist, a flag for a sort outside the selection, …).
  func options(sortIDs: [String], statementCount: Int) throws -> AnalysisOptions {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, trimmed.count <= 200 else {
      throw AnalysisSelection.invalid("name", "give the analysis a name of 1 to 200 characters")
    }
    var options = AnalysisOptions()
    options.profile = profile ?? options.profile
    options.correlation = correlation ?? options.correlation
    options.extraction = extraction
    options.rotation = rotation
    options.bootstrap = bootstrap?.options
    let most = Self.mostFactors(sorts: sortIDs.count, statements: statementCount)
    let bound = Self.boundWords(sorts: sortIDs.count, statements: statementCount)
    guard let factors else {
      // Horst stops by itself when the next factor no longer converges (PQMethod 5.5); nothing to
      // rotate or flag by number until it has said how many there are.
      guard extraction == .horst else {
        throw AnalysisSelection.invalid(
          "factors", "say how many factors to keep (1 to \(most), \(bound)); only Horst finds the number by itself")
      }
      guard extractedFactors == nil, (rotate ?? []).isEmpty, (flags ?? [:]).isEmpty, (invert ?? []).isEmpty,
        (split ?? []).isEmpty
      else {
        throw AnalysisSelection.invalid(
          "factors",
          "say how many factors to keep before saying how many to extract, or rotating, flagging, inverting or splitting by hand"
        )
      }
      options.flagZ = try flagZ() ?? options.flagZ
      options.flagMajority = majority ?? options.flagMajority
      return options
    }
    guard (1...most).contains(factors) else {
      throw AnalysisSelection.invalid("factors", "keep 1 to \(most) factors (\(bound)), not \(factors)")
    }
    options.factors = factors
    if let extractedFactors {
      guard (factors...most).contains(extractedFactors) else {
        throw AnalysisSelection.invalid(
          "extractedFactors",
          "extract \(factors) to \(most) factors: at least the \(factors) kept, at most \(most) (\(bound)); not \(extractedFactors)"
        )
      }
      options.extractedFactors = extractedFactors
    } else if extraction != .horst, extraction.defaultFactorCount > most {
      // PQMethod's 7 (centroid) or 8 (PCA) extracted, capped by the bound (the engine's default
      // otherwise, so the stored options stay those asked for).
      options.extractedFactors = most
    }
    let factorRange = 1...factors
    for (index, step) in (rotate ?? []).enumerated() {
      let field = "rotate[\(index)]"
      guard step.count == 3, step.allSatisfy(\.isFinite) else {
        throw AnalysisSelection.invalid(field, "write a step as [first factor, second factor, degrees]")
      }
      guard abs(step[2]) <= JudgmentalRotation.maximumDegrees else {
        throw AnalysisSelection.invalid(field, "turn by -360 to 360 degrees, not \(step[2])")
      }
      guard let first = Int(exactly: step[0]), let second = Int(exactly: step[1]), factorRange.contains(first),
        factorRange.contains(second), first != second
      else {
        throw AnalysisSelection.invalid(
          field, "rotate two different factors numbered 1 to \(factors), not \(step[0]) and \(step[1])")
      }
      options.judgmentalRotation.append(RotationStep(first: first, second: second, degrees: step[2]))
    }
    options.flagZ = try flagZ() ?? options.flagZ
    options.flagMajority = majority ?? options.flagMajority
    let selected = Set(sortIDs)
    for (sort, factors) in (flags ?? [:]).sorted(by: { $0.key < $1.key }) {
      guard selected.contains(sort) else {
        throw AnalysisSelection.invalid("flags.\(sort)", "sort \"\(sort)\" is not in the selection")
      }
      for factor in factors where !factorRange.contains(factor) {
        throw AnalysisSelection.invalid("flags.\(sort)", "factors are numbered 1 to \(factors), not \(factor)")
      }
      options.manualFlags[sort] = factors
    }
    for (field, list) in [("invert", invert ?? []), ("split", split ?? [])] {
      for (index, factor) in list.enumerated() where !factorRange.contains(factor) {
        throw AnalysisSelection.invalid("\(field)[\(index)]", "factors are numbered 1 to \(factors), not \(factor)")
      }
    }
    options.invertedFactors = invert ?? []
    options.splitFactors = split ?? []
    return options
  }

  /// The most factors an analysis of `sorts` sorts and `statements` statements may extract or keep:
  /// the smaller of statements − 1 and sorts − 1 (a factor more would be a sort or a statement on its
  /// own), and at least 1.
  static func mostFactors(sorts: Int, statements: Int) -> Int {
    max(min(statements - 1, sorts - 1), 1)
  }

  /// How the bound comes about, for the messages: "the smaller of statements − 1 and sorts − 1: 33
  /// statements, 9 sorts".
  static func boundWords(sorts: Int, statements: Int) -> String {
    "the smaller of statements − 1 and sorts − 1 for \(statements) statements and \(sorts) sorts"
  }

  /// The z of the flag level asked for, or `nil` for the default.
  private func flagZ() throws -> Double? {
    guard let flagP else { return nil }
    guard let level = SignificanceLevel.allCases.first(where: { abs(Double($0.rawValue)! - flagP) < 1e-9 }) else {
      throw AnalysisSelection.invalid("flagP", "use 0.10, 0.05, 0.01 or 0.001, not \(flagP)")
    }
    return level.z
  }
}
