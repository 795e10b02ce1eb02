import Foundation
import TestSupport
import Testing

@testable import QMethod

/// Loads the golden files in `../shared/reference/` (beside the project root).
///
/// When the folder is missing the tests skip with a printed reason, except under CI (`CI` set),
/// where a missing anchor is a failure: correctness is checked against the anchors, never ourselves.
enum ReferenceData {
  static let root = ReferenceFolder.url

  /// Goes on when the anchors are there; otherwise the test is reported as skipped with the reason
  /// (a failure under CI): ``ExternalTool``'s rule.
  static func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
    try ReferenceFolder.require(sourceLocation: sourceLocation)
  }

  static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

  /// A statements-as-rows CSV (`statement,<sort ids>`), read with a minimal parser of its own so
  /// the numeric tests do not depend on the format readers they are not about.
  static func sorts(_ relative: String) throws -> QSortData {
    let text = try String(contentsOf: url(relative), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    let header = lines[0].split(separator: ",").map(String.init)
    let ids = Array(header.dropFirst())
    let rows = lines.dropFirst().map { $0.split(separator: ",").dropFirst().map { Int($0)! } }
    var scores: [Int] = []
    for sort in ids.indices { scores += rows.map { $0[sort] } }
    let statements = rows.indices.map { Statement(number: $0 + 1) }
    let distribution = try Distribution.inferred(fromSort: rows.map { $0[0] })
    return try QSortData(
      title: relative, statements: statements, sortIDs: ids, distribution: distribution, scores: scores)
  }

  static func json(_ relative: String) throws -> [String: Any] {
    let data = try Data(contentsOf: url(relative))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }
}

/// One qmethod result file (`{"rows", "cols", "data"}` matrices and the rest).
struct QmethodReference {
  let json: [String: Any]
  init(_ relative: String) throws { json = try ReferenceData.json(relative) }

  var options: [String: Any] { json["options"] as! [String: Any] }
  var factorCount: Int { options["nfactors"] as! Int }
  var extraction: ExtractionMethod { (options["extraction"] as! String) == "PCA" ? .pca : .centroid }
  var rotation: RotationMethod { (options["rotation"] as! String) == "none" ? .none : .varimax }

  func matrix(_ key: String) -> [[Double]] { numbers((json[key] as! [String: Any])["data"]) }
  func flags() -> [[Bool]] { ((json["flagged"] as! [String: Any])["data"] as! [[Any]]).map { $0.map { $0 as! Bool } } }
  var fChar: [String: Any] { json["f_char"] as! [String: Any] }
  var characteristics: [String: Any] { fChar["characteristics"] as! [String: Any] }
  func characteristic(_ key: String) -> [Double] { (characteristics[key] as! [Any]).map(number) }
  func fCharMatrix(_ key: String) -> [[Double]] { numbers((fChar[key] as! [String: Any])["data"]) }
  var qdc: [String: Any] { json["qdc"] as! [String: Any] }
  var unrotatedEigenvalues: [Double] { (json["unrotated_eigenvalues"] as! [Any]).map(number) }

  private func numbers(_ any: Any?) -> [[Double]] { (any as! [[Any]]).map { $0.map(number) } }
  private func number(_ any: Any) -> Double { (any as! NSNumber).doubleValue }
}

/// Asserts two matrices agree element by element within `tolerance`; with `allowColumnSign`, each
/// column may be mirrored as a whole (centroid factors have no intrinsic sign).
func expectClose(
  _ actual: [[Double]], _ expected: [[Double]], tolerance: Double, allowColumnSign: Bool = false,
  _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count, actual.first?.count == expected.first?.count else {
    Issue.record(
      "\(what): shape \(actual.count)×\(actual.first?.count ?? 0), expected \(expected.count)×\(expected.first?.count ?? 0)",
      sourceLocation: sourceLocation)
    return
  }
  for column in expected[0].indices {
    var sign = 1.0
    if allowColumnSign {
      let dot = zip(actual, expected).reduce(0.0) { $0 + $1.0[column] * $1.1[column] }
      sign = dot < 0 ? -1 : 1
    }
    let worst = zip(actual, expected).map { abs(sign * $0.0[column] - $0.1[column]) }.max() ?? 0
    #expect(worst <= tolerance, "\(what), column \(column + 1): off by \(worst)", sourceLocation: sourceLocation)
  }
}

func expectClose(
  _ actual: [Double], _ expected: [Double], tolerance: Double, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
    sourceLocation: sourceLocation)
  let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
  #expect(worst <= tolerance, "\(what): off by \(worst)", sourceLocation: sourceLocation)
}
