import Vapor

extension AnalysisForm {
  /// The run form's bootstrap box: off by default; when ticked, the steps (1,000 unless changed) and
  /// an optional seed (one is drawn and stored when left empty, so a re-run gives the same numbers).
  struct BootstrapFields: Encodable, Sendable {
    var on: Bool
    var steps: String
    var seed: String
    var lowest: Int
    var highest: Int

    /// The box as posted (`fields`), or its defaults.
    init(_ fields: [FormBody.Field]?) {
      func value(_ name: String) -> String? { fields?.first { $0.name == name }?.value }
      on = value("bootstrap") != nil
      steps = value("bootstrapSteps") ?? "1000"
      seed = value("bootstrapSeed") ?? ""
      lowest = BootstrapRequest.stepsRange.lowerBound
      highest = BootstrapRequest.stepsRange.upperBound
    }
  }

  /// The bootstrap a posted form asks for, `nil` when its box is not ticked.
  /// - Throws: 422 naming the field (`bootstrapSteps`, `bootstrapSeed`).
  static func bootstrap(_ fields: [FormBody.Field]) throws -> BootstrapRequest? {
    func value(_ name: String) -> String {
      fields.first { $0.name == name }?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
    guard fields.contains(where: { $0.name == "bootstrap" }) else { return nil }
    let range = BootstrapRequest.stepsRange
    let stepsText = value("bootstrapSteps")
    guard let steps = Int(stepsText.isEmpty ? "1000" : stepsText), range.contains(steps) else {
      throw AnalysisSelection.invalid(
        "bootstrapSteps", "draw \(range.lowerBound) to \(range.upperBound) resamples, not \"\(stepsText)\"")
    }
    let seedText = value("bootstrapSeed")
    if seedText.isEmpty { return BootstrapRequest(steps: steps, seed: nil) }
    guard let seed = UInt64(seedText), seed <= BootstrapRequest.largestSeed else {
      throw AnalysisSelection.invalid(
        "bootstrapSeed", "write a whole number from 0 to \(BootstrapRequest.largestSeed), or leave it empty")
    }
    return BootstrapRequest(steps: steps, seed: seed)
  }
}
