import Foundation
import QMethod

extension HTMLReport {
  /// What the interpretation workspace shows of one factor (1-based), as HTML to place in a page:
  /// the array drawn as the sorting grid, the characteristic, distinguishing and "neutral here"
  /// statements, the crib sheet, every exemplar with their answers and comments, and the profile over
  /// the statement codes — the same tables and figures as the report's factor section, without the
  /// researcher's writing (the page edits that).
  public static func factorAids(_ input: ReportInput, factor: Int) -> String {
    let aids = FactorAids.make(factor: factor, input: input)
    var page = HTMLWriter()
    let characteristics = input.result.characteristics[factor - 1]
    page.element(
      "p",
      "\(characteristics.definingSorts) defining sorts; \(ReportFormat.fixed(characteristics.explainedVariance, 1))% of the variance; composite reliability \(ReportFormat.fixed(characteristics.compositeReliability, 3)).",
      attributes: "class=\"facts\"")
    guard input.result.zScores.first?[factor - 1] != nil else {
      page.element(
        "p", "This factor has no defining sorts, so it has no z-scores or array.", attributes: "class=\"note\"")
      return page.html
    }
    // The stability first: which places and flags to trust is read before the statements are.
    factorBootstrap(&page, input: input, factor: factor)
    aidsBody(&page, aids: aids, exemplarLimit: .max)
    differences(&page, input, factor: factor)
    if !aids.codeProfile.isEmpty {
      page.figure(ReportFigures.codeProfile(input, aids: [aids]))
    }
    return page.html
  }
}
