@testable import QMethod

/// The PQMethod varimax path as first written (commit 7283f81): a plain loop over the row-major
/// matrix, `rounded()` from the standard library. Kept verbatim as the baseline the fast path in
/// `Sources/QMethod/Rotation/PQMethodVarimax.swift` must equal bit for bit.
enum PQMethodVarimaxBaseline {
  static func pqmethodSweeps(_ start: Matrix) -> Matrix {
    var a = start
    let n = Double(a.rows)
    var sweeps = 0
    var unchanged = 0
    var criterion = 0.0
    while true {
      let previous = sweeps == 0 ? 0 : criterion
      criterion = pqmethodCriterion(a)
      sweeps += 1
      unchanged = abs(criterion - previous) < 1e-8 ? unchanged + 1 : 0
      for x in 0..<(a.columns - 1) {
        for y in (x + 1)..<a.columns {
          guard let (sine, cosine) = pqmethodAngle(a, x, y, n: n) else { continue }
          for r in 0..<a.rows {
            let ax = a[r, x]
            let ay = a[r, y]
            a[r, x] = round8(ax * cosine + ay * sine)
            a[r, y] = round8(-ax * sine + ay * cosine)
          }
        }
      }
      if unchanged > 3 || sweeps >= 225 { return a }
    }
  }

  /// V = Σ_factors (n·Σa⁴ − (Σa²)²)/n², with KADE's roundings.
  static func pqmethodCriterion(_ a: Matrix) -> Double {
    let n = Double(a.rows)
    var total = 0.0
    for c in 0..<a.columns {
      var sumSquares = 0.0
      var sumFourth = 0.0
      for r in 0..<a.rows {
        let square = round8(a[r, c] * a[r, c])
        sumSquares += square
        sumFourth += round8(square * square)
      }
      let (aa, bb) = (round8(sumSquares), round8(sumFourth))
      total += round8((round8(n * bb) - round8(aa * aa)) / (n * n))
    }
    return round8(total)
  }

  /// (sin φ, cos φ) for the pair x, y by PQMethod's rules, or nil when the pair is left alone.
  static func pqmethodAngle(_ a: Matrix, _ x: Int, _ y: Int, n: Double) -> (Double, Double)? {
    var sumU = 0.0
    var sumT = 0.0
    var sumC = 0.0
    var sumD = 0.0
    for r in 0..<a.rows {
      let (ax, ay) = (a[r, x], a[r, y])
      let u = (ax + ay) * (ax - ay)
      let t = ax * ay + ax * ay
      sumU += u
      sumT += t
      sumC += (u + t) * (u - t)
      sumD += 2 * u * t
    }
    let numerator = sumD - 2 * sumU * (sumT / n)
    let denominator = round8(sumC - round8((sumU * sumU - sumT * sumT) / n))
    let rootHalf = 0.7071066
    let (cos4, sin4): (Double, Double)
    if numerator < denominator {
      let tan4 = round5(abs(numerator) / abs(denominator))
      if tan4 < 0.00116 { return denominator >= 0 ? nil : (rootHalf, rootHalf) }
      if tan4.isInfinite {
        (cos4, sin4) = (0, 1)  // B = 0: the formulas' limit (KADE would compute NaN here)
      } else {
        cos4 = round8(1 / round8((1 + tan4 * tan4).squareRoot()))
        sin4 = round8(tan4 * cos4)
      }
    } else if numerator == denominator {
      if numerator + denominator < 0.00116 { return nil }
      (cos4, sin4) = (rootHalf, rootHalf)
    } else {
      let ratio = round5(abs(numerator / denominator))
      if ratio < 0.00116 {
        (cos4, sin4) = (0, 1)
      } else if ratio.isInfinite {
        (cos4, sin4) = (1, 0)  // B = 0: the formulas' limit (KADE would compute NaN here)
      } else {
        sin4 = round8(1 / round8((1 + ratio * ratio).squareRoot()))
        cos4 = round8(ratio * sin4)
      }
    }
    let cos2 = round8(((1 + cos4) / 2).squareRoot())
    let sin2 = round8(sin4 / (2 * cos2))
    let cosTheta = round8(((1 + cos2) / 2).squareRoot())
    let sinTheta = round8(sin2 / (2 * cosTheta))
    var (sine, cosine) = (sinTheta, cosTheta)
    if denominator <= 0 {
      cosine = round8(rootHalf * cosTheta + rootHalf * sinTheta)
      sine = round8(abs(rootHalf * cosTheta - rootHalf * sinTheta))
    }
    if numerator <= 0 { sine = -sine }
    return (sine, cosine)
  }

  /// Rounding half away from zero to 8 and 5 decimals, as KADE's `evenRound` (default mode) does.
  static func round8(_ value: Double) -> Double { (value * 1e8).rounded() / 1e8 }
  static func round5(_ value: Double) -> Double { (value * 1e5).rounded() / 1e5 }
}
