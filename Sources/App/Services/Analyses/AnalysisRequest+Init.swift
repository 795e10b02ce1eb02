import QMethod

extension AnalysisRequest {
  /// A request made by a page (the run form, a promoted solution, a hand adjustment) rather than
  /// decoded from JSON; every option it does not name keeps the engine's default.
  init(
    name: String, selection: AnalysisSelection, extraction: ExtractionMethod, factors: Int?,
    extractedFactors: Int? = nil, rotation: RotationMethod = .varimax, flagP: Double? = nil, majority: Bool? = nil,
    profile: ConventionProfile? = nil, correlation: CorrelationMethod? = nil, bootstrap: BootstrapRequest? = nil
  ) {
    self.name = name
    sites = selection.sites
    languages = selection.languages
    question = selection.question
    sorts = selection.sorts
    exclude = selection.exclude.isEmpty ? nil : selection.exclude
    self.extraction = extraction
    self.factors = factors
    self.extractedFactors = extractedFactors
    self.rotation = rotation
    rotate = nil
    self.flagP = flagP
    self.majority = majority
    flags = nil
    invert = nil
    split = nil
    self.profile = profile
    self.correlation = correlation
    self.bootstrap = bootstrap
  }
}
