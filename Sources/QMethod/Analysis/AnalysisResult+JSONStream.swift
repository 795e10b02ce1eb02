import Foundation

extension AnalysisResult {
  /// Writes the result as ``jsonData()`` holds it (the same bytes), in chunks handed to `flush`:
  /// the sort-sized parts (sort ids, loadings, flags, exemplars, warning lists, the bootstrap's
  /// per-sort figures) are written value by value, never held as one tree or string.
  /// - Throws: `EncodingError.invalidValue` for a number JSON cannot hold (NaN, ±∞), as
  ///   `JSONEncoder` does, and whatever `flush` throws.
  public func writeJSON(flush: @escaping ([UInt8]) throws -> Void) throws {
    var writer = JSONStreamWriter(flush: flush)
    try write(to: &writer)
    try writer.finish()
    try flush(Array("\n".utf8))
  }

  /// Every key of the synthesised `Codable` conformance in `String` order (the encoder's
  /// `.sortedKeys`); optional parts left out when `nil`, as the encoder leaves them out.
  func write(to writer: inout JSONStreamWriter) throws {
    var fields: [(key: String, write: (inout JSONStreamWriter) throws -> Void)] = [
      ("engineVersion", { try $0.string(engineVersion) }),
      ("dataFingerprint", { try $0.string(dataFingerprint) }),
      ("options", { try $0.encoded(options) }),
      ("title", { try $0.string(title) }),
      ("sorts", { try $0.array(sorts) }),
      ("statements", { try $0.array(statements) }),
      ("statementTexts", { try $0.array(statementTexts) }),
      ("distribution", { try $0.encoded(distribution) }),
      ("factorLabels", { try $0.array(factorLabels) }),
      ("screeEigenvalues", { try $0.array(screeEigenvalues) }),
      ("eigenvalues", { try $0.array(eigenvalues) }),
      ("explainedVariance", { try $0.array(explainedVariance) }),
      ("unrotatedLoadings", { try $0.rows(unrotatedLoadings) { try $0.array($1) } }),
      ("loadings", { try $0.rows(loadings) { try $0.array($1) } }),
      ("flags", { try $0.rows(flags) { try $0.array($1) } }),
      ("zScores", { try $0.rows(zScores) { try $0.array($1) } }),
      ("factorArrays", { try $0.rows(factorArrays) { try $0.array($1) } }),
      ("characteristics", { try $0.encoded(characteristics) }),
      ("factorCorrelations", { try $0.rows(factorCorrelations) { try $0.array($1) } }),
      ("seDifferences", { try $0.rows(seDifferences) { try $0.array($1) } }),
      ("distinguishing", { try $0.encoded(distinguishing) }),
      ("consensus", { try $0.array(consensus) }),
      ("consensusP05", { try $0.array(consensusP05) }),
      ("comparisons", { try $0.encoded(comparisons) }),
      ("qmethodLabels", { try $0.array(qmethodLabels) }),
      ("characteristicStatements", { try $0.encoded(characteristicStatements) }),
      ("exemplars", { try $0.rows(exemplars) { try $0.rows($1) { try $0.exemplar($1) } } }),
      ("notes", { try $0.array(notes) }),
      ("warnings", { try $0.array(warnings) }),
    ]
    if let correlations {
      fields.append(("correlations", { try $0.rows(correlations) { try $0.array($1) } }))
    }
    if let warningSorts {
      fields.append(("warningSorts", { try $0.rows(warningSorts) { try $0.warningSorts($1) } }))
    }
    if let bootstrap {
      fields.append(("bootstrap", { try bootstrap.write(to: &$0) }))
    }
    try writer.object(fields)
  }
}

extension BootstrapResult {
  /// The bootstrap as its synthesised `Codable` conformance encodes it, per-sort parts value by value.
  func write(to writer: inout JSONStreamWriter) throws {
    try writer.object([
      ("steps", { try $0.number(steps) }),
      ("seed", { try $0.encoded(seed) }),
      ("alignment", { try $0.encoded(alignment) }),
      ("factorLabels", { try $0.array(factorLabels) }),
      ("zScoreMean", { try $0.rows(zScoreMean) { try $0.array($1) } }),
      ("zScoreSD", { try $0.rows(zScoreSD) { try $0.array($1) } }),
      ("zScoreLower", { try $0.rows(zScoreLower) { try $0.array($1) } }),
      ("zScoreUpper", { try $0.rows(zScoreUpper) { try $0.array($1) } }),
      ("arrayPositionKept", { try $0.rows(arrayPositionKept) { try $0.array($1) } }),
      ("arrayPositionExact", { try $0.rows(arrayPositionExact) { try $0.array($1) } }),
      ("bootstrapArrays", { try $0.rows(bootstrapArrays) { try $0.array($1) } }),
      ("flagFrequency", { try $0.rows(flagFrequency) { try $0.array($1) } }),
      ("loadingMean", { try $0.rows(loadingMean) { try $0.array($1) } }),
      ("loadingSD", { try $0.rows(loadingSD) { try $0.array($1) } }),
      ("drawnSteps", { try $0.array(drawnSteps) }),
      ("factors", { try $0.encoded(factors) }),
      ("reorderedSteps", { try $0.array(reorderedSteps) }),
      ("reflectedSteps", { try $0.array(reflectedSteps) }),
      ("notes", { try $0.array(notes) }),
    ])
  }
}

extension JSONStreamWriter {
  /// An object whose keys are written in `String` order, as `.sortedKeys` orders them.
  mutating func object(_ fields: [(key: String, write: (inout JSONStreamWriter) throws -> Void)]) throws {
    try beginObject()
    for field in fields.sorted(by: { $0.key < $1.key }) {
      try key(field.key)
      try field.write(&self)
    }
    endObject()
  }

  fileprivate mutating func exemplar(_ exemplar: AnalysisResult.Exemplar) throws {
    try beginObject()
    try key("loading")
    try number(exemplar.loading)
    try key("sort")
    try string(exemplar.sort)
    endObject()
  }

  fileprivate mutating func warningSorts(_ item: AnalysisResult.WarningSorts) throws {
    try beginObject()
    if let factor = item.factor {
      try key("factor")
      try string(factor)
    }
    try key("sorts")
    try array(item.sorts)
    try key("warning")
    try number(item.warning)
    endObject()
  }
}
