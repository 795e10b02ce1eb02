import Foundation

/// The conformance table a reviewer asks for: for every reference case in `../shared/reference/`
/// (LIPSET against qmethod 1.8.4, PQMethod/KADE and the R Journal paper; the synthetic set against
/// qmethod and its bootstrap against qmboots), the largest difference between the engine and the
/// reference and the tolerance it is held to, with the reason for that tolerance.
public enum Conformance {
  /// One line of the table.
  public struct Check: Sendable, Codable, Equatable {
    public var reference: String
    public var quantity: String
    public var largestDifference: Double
    public var tolerance: Double
    public var why: String
    public var passed: Bool { largestDifference <= tolerance }
  }

  /// Every check, from the reference folder (the one holding `README.md`, `lipset/`, …).
  /// - Throws: `QMethodError.invalidData` when a reference file is missing or unreadable.
  public static func run(reference root: URL) throws(QMethodError) -> [Check] {
    var checks: [Check] = []
    let lipset = try sorts(root, "lipset/lipset.csv")
    let synthetic = try sorts(root, "synth_40x100/synth_40x100.csv")
    for file in ["pca", "pca_none", "centroid", "centroid_none", "f1", "f2", "f5"] {
      checks += try qmethod(root, "lipset/qmethod_\(file).json", data: lipset)
    }
    for file in ["pca3", "centroid3"] {
      checks += try qmethod(root, "synth_40x100/qmethod_\(file).json", data: synthetic)
    }
    checks += try pqmethod(root, data: lipset)
    checks += try paper(data: lipset)
    checks += try qmboots(root, data: synthetic)
    return checks
  }

  /// The table as text: one line per check, then a verdict.
  public static func render(_ checks: [Check]) -> String {
    func pad(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(width - text.count, 0))
    }
    var lines = [
      pad("reference", 52) + pad("quantity", 34) + pad("largest difference", 20) + pad("tolerance", 12) + "why"
    ]
    for check in checks {
      lines.append(
        pad(check.reference, 52) + pad(check.quantity, 34)
          + pad(String(format: "%.3g", check.largestDifference), 20) + pad(String(format: "%.3g", check.tolerance), 12)
          + (check.passed ? "" : "FAILS  ") + check.why)
    }
    let failed = checks.filter { !$0.passed }.count
    lines.append(
      failed == 0 ? "all \(checks.count) checks within tolerance" : "\(failed) of \(checks.count) checks FAIL")
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Cases

  static func qmethod(_ root: URL, _ file: String, data: QSortData) throws(QMethodError) -> [Check] {
    let json = try object(root, file)
    let settings = json["options"] as? [String: Any] ?? [:]
    var options = AnalysisOptions()
    options.profile = .qmethod
    options.extraction = (settings["extraction"] as? String) == "PCA" ? .pca : .centroid
    options.rotation = (settings["rotation"] as? String) == "none" ? .none : .varimax
    options.factors = settings["nfactors"] as? Int
    let result = try QAnalysis.run(data, options: options)
    let name = "qmethod 1.8.4: " + file
    let why = "qmethod's own output, 15 digits (reference README: 1e-6)"
    let signs = columnSigns(result.loadings, matrix(json, "loadings"))
    let z = result.zScores.map { row in row.enumerated().map { ($0.element ?? .nan) * signs[$0.offset] } }
    return [
      Check(
        reference: name, quantity: "loadings", tolerance: 1e-6, why: why,
        largest: largest(result.loadings, matrix(json, "loadings"), allowColumnSign: true)),
      Check(reference: name, quantity: "z-scores", tolerance: 1e-6, why: why, largest: largest(z, matrix(json, "zsc"))),
      Check(
        reference: name, quantity: "flags (cells differing)", tolerance: 0, why: "exact",
        largest: Double(mismatches(result.flags, bools(json, "flagged")))),
      Check(
        reference: name, quantity: "factor arrays (cells differing)", tolerance: 0, why: "exact",
        largest: Double(
          mismatches(result.factorArrays.map { $0.map { $0.map(Double.init) ?? .nan } }, matrix(json, "zsc_n")))),
    ]
  }

  static func pqmethod(_ root: URL, data: QSortData) throws(QMethodError) -> [Check] {
    let json = try object(root, "lipset/pqmethod_expected.json")
    let name = "PQMethod/KADE: lipset/pqmethod_expected.json"
    func factors(_ key: String, _ names: [String]) -> [[Double]] {
      let block = json[key] as? [String: Any] ?? [:]
      let columns = names.map { (block[$0] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }
      return (columns.first ?? []).indices.map { row in columns.map { $0.indices.contains(row) ? $0[row] : .nan } }
    }
    func analysis(_ configure: (inout AnalysisOptions) -> Void) throws(QMethodError) -> AnalysisResult {
      var options = AnalysisOptions()
      configure(&options)
      return try QAnalysis.run(data, options: options)
    }
    let rounded = "4 printed decimals: 1e-4 + half a unit in the 4th"
    let pca = try analysis {
      $0.extraction = .pca
      $0.factors = 3
    }
    let centroid = try analysis { $0.factors = 3 }
    let horst = try analysis { $0.extraction = .horst }
    let eigenvalues = (json["eigenvalues"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue }
    return [
      Check(
        reference: name, quantity: "eigenvalues", tolerance: 1e-6, why: "6 printed decimals",
        largest: largest([pca.screeEigenvalues], [eigenvalues])),
      Check(
        reference: name, quantity: "PCA unrotated, 3", tolerance: 1.5e-4, why: rounded,
        largest: largest(
          pca.unrotatedLoadings.map { Array($0.prefix(3)) }, factors("pca_unrotated_3", ["PC1", "PC2", "PC3"]),
          allowColumnSign: true)),
      Check(
        reference: name, quantity: "PCA varimax, PQMethod order", tolerance: 1.5e-4, why: rounded,
        largest: largest(pca.loadings, factors("pca_varimax_3_pqmethod_order", ["F1", "F2", "F3"]))),
      Check(
        reference: name, quantity: "centroid 3 + varimax", tolerance: 2e-3 + 5e-5,
        why: "KADE stops the centroid at 1e-3 (README: 2e-3)",
        largest: largest(
          centroid.loadings, factors("centroid_3_varimax_sign_normalised", ["F1", "F2", "F3"]), allowColumnSign: true)),
      Check(
        reference: name, quantity: "Horst 5.5 auto-stop", tolerance: 2e-3 + 5e-5,
        why: "KADE stops at 1e-4 per pass; centroid tolerance",
        largest: largest(horst.unrotatedLoadings, factors("horst55_autostop", ["F1", "F2"]), allowColumnSign: true)),
    ]
  }

  /// Zabala (2014), *The R Journal* 6(2): 163–173, LIPSET, PCA 3, varimax (figures quoted in issue 28).
  static func paper(data: QSortData) throws(QMethodError) -> [Check] {
    var options = AnalysisOptions()
    options.profile = .qmethod
    options.extraction = .pca
    options.factors = 3
    let result = try QAnalysis.run(data, options: options)
    let name = "Zabala 2014 (R Journal), LIPSET"
    let half2 = "2 printed decimals: half a unit"
    let characteristics = result.characteristics
    func worst(_ values: [Double], _ published: [Double]) -> Double {
      zip(values, published).map { abs($0 - $1) }.max() ?? .infinity
    }
    let f1f2 = result.comparisons.first { $0.first == 1 && $0.second == 2 }
    let f1f3 = result.comparisons.first { $0.first == 1 && $0.second == 3 }
    let cells = [
      abs((f1f2?.differences[16] ?? .nan) - 0.7692), abs(abs(f1f3?.differences[7] ?? .nan) - 0.7704),
      abs(1.96 * result.seDifferences[0][1] - 0.7688),
    ]
    return [
      Check(
        reference: name, quantity: "eigenvalues 2.09, 1.97, 1.68", tolerance: 0.005, why: half2,
        largest: worst(characteristics.map(\.eigenvalue), [2.09, 1.97, 1.68])),
      Check(
        reference: name, quantity: "explained variance %", tolerance: 0.005, why: half2,
        largest: worst(characteristics.map(\.explainedVariance), [23.17, 21.93, 18.68])),
      Check(
        reference: name, quantity: "composite reliability 0.92", tolerance: 0.005, why: half2,
        largest: worst(characteristics.map(\.compositeReliability), [0.92, 0.92, 0.92])),
      Check(
        reference: name, quantity: "SE of factor scores 0.28", tolerance: 0.005, why: half2,
        largest: worst(characteristics.map(\.seFactorScores), [0.28, 0.28, 0.28])),
      Check(
        reference: name, quantity: "threshold cells (17, 8; 1.96·SED)", tolerance: 5e-5,
        why: "4 printed decimals: half a unit", largest: cells.contains { $0.isNaN } ? .infinity : cells.max()!),
    ]
  }

  /// qmboots (300 steps, qindtest) against 1,000 steps here: the means in units of their allowed
  /// difference (4.5 Monte Carlo standard errors + 0.005, as `QmbootsReferenceTests` reasons).
  static func qmboots(_ root: URL, data: QSortData) throws(QMethodError) -> [Check] {
    let json = try object(root, "qmboots/synth_40x100_pca3_300steps.json")
    let theirSteps = Double(json["steps"] as? Int ?? 300)
    func numbers(_ key: String) -> [[Double]] {
      (json[key] as? [[Any]] ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
    }
    let means = numbers("zScoreMean")
    let sds = numbers("zScoreSD")
    var options = AnalysisOptions()
    options.profile = .qmethod
    options.extraction = .pca
    options.factors = 3
    options.bootstrap = BootstrapOptions(steps: 1000, seed: 1965)
    guard let bootstrap = try QAnalysis.run(data, options: options).bootstrap, means.count == 3, sds.count == 3
    else { throw .invalidData("qmboots reference: unexpected shape") }
    var meanRatio = 0.0
    var sdRatio = 0.0
    for f in 0..<3 {
      for i in means[f].indices {
        let allowed = 4.5 * sds[f][i] * (1 / theirSteps + 1 / 1000).squareRoot() + 0.005
        meanRatio = max(meanRatio, abs((bootstrap.zScoreMean[i][f] ?? .nan) - means[f][i]) / allowed)
        sdRatio = max(sdRatio, abs(log((bootstrap.zScoreSD[i][f] ?? .nan) / sds[f][i])))
      }
    }
    let name = "qmboots: synth_40x100, 300 steps"
    return [
      Check(
        reference: name, quantity: "z mean / allowed difference", tolerance: 1,
        why: "Monte Carlo: 4.5·SD·√(1/300 + 1/1000) + 0.005 per cell", largest: meanRatio),
      Check(
        reference: name, quantity: "|log(SD ratio)|", tolerance: 4.5 * 0.047,
        why: "an SD from m steps varies by 1/√(2(m−1)): 4.7 % for the ratio", largest: sdRatio),
    ]
  }

  // MARK: - Helpers

  static func sorts(_ root: URL, _ file: String) throws(QMethodError) -> QSortData {
    try QDataReader.read(url: root.appendingPathComponent(file))
  }

  static func object(_ root: URL, _ file: String) throws(QMethodError) -> [String: Any] {
    let url = root.appendingPathComponent(file)
    guard let bytes = try? Data(contentsOf: url),
      let object = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any]
    else { throw .invalidData("cannot read the reference file \(url.path)") }
    return object
  }

  static func matrix(_ json: [String: Any], _ key: String) -> [[Double]] {
    ((json[key] as? [String: Any])?["data"] as? [[Any]] ?? []).map { $0.map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
  }

  static func bools(_ json: [String: Any], _ key: String) -> [[Bool]] {
    ((json[key] as? [String: Any])?["data"] as? [[Any]] ?? []).map { $0.map { ($0 as? Bool) ?? false } }
  }

  /// The sign that best matches each column of `actual` to `expected` (centroid factors have none).
  static func columnSigns(_ actual: [[Double]], _ expected: [[Double]]) -> [Double] {
    (0..<(expected.first?.count ?? 0)).map { c -> Double in
      var dot = 0.0
      for (a, e) in zip(actual, expected) where a.indices.contains(c) { dot += a[c] * e[c] }
      return dot < 0 ? -1 : 1
    }
  }

  /// max |a − e| over all cells (each column mirrored as a whole if allowed); ∞ when shapes differ.
  static func largest(_ actual: [[Double]], _ expected: [[Double]], allowColumnSign: Bool = false) -> Double {
    guard actual.count == expected.count, actual.first?.count == expected.first?.count else { return .infinity }
    let signs =
      allowColumnSign ? columnSigns(actual, expected) : [Double](repeating: 1, count: expected.first?.count ?? 0)
    var worst = 0.0
    for (a, e) in zip(actual, expected) {
      for c in e.indices {
        let difference = abs(signs[c] * a[c] - e[c])
        worst = difference.isNaN ? .infinity : max(worst, difference)
      }
    }
    return worst
  }

  static func mismatches<T: Equatable>(_ actual: [[T]], _ expected: [[T]]) -> Int {
    guard actual.count == expected.count else { return Int.max / 2 }
    var count = 0
    for (a, e) in zip(actual, expected) {
      count += abs(a.count - e.count)
      for (x, y) in zip(a, e) where x != y { count += 1 }
    }
    return count
  }
}

extension Conformance.Check {
  init(reference: String, quantity: String, tolerance: Double, why: String, largest: Double) {
    self.init(reference: reference, quantity: quantity, largestDifference: largest, tolerance: tolerance, why: why)
  }
}
