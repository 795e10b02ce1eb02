import Foundation

/// PQMethod's varimax (QVARIMAX, after Kaiser's 1959 program), as KADE ports it line by line
/// (KADE `src/Sections/Rotation/varimaxLogic`, which cites PQMethod's Fortran lines 3709–3785).
///
/// The criterion is Kaiser's, but the path is fixed by the program's rules, and the path decides
/// which factor comes out first and its sign; so this, not the exact optimum, is what matches a
/// PQMethod or KADE report:
/// - pairs (1,2), (1,3), …, (2,3), … in turn; for the pair x, y with u = x² − y², t = 2xy:
///   T = Σ2ut − 2·Σu·Σt/n (numerator), B = Σ(u² − t²) − ((Σu)² − (Σt)²)/n (denominator);
/// - the quadrant by comparing T with B as signed numbers: T < B uses tan 4θ = |T/B| (rounded to
///   5 decimals), T > B uses KADE's "ctn 4θ" = |T/B| read as sin/cos = 1/|T/B|, T = B a 45° turn;
///   below 0.00116 the pair is left alone when B ≥ 0 and turned by 45° when B < 0;
/// - cos θ, sin θ by half-angle formulas from cos 4θ, sin 4θ; when B ≤ 0 the angle is 45° − θ
///   (with 0.7071066 for √½, as printed in the Fortran), and the sign of sin φ is that of T;
/// - the total criterion V = Σ_factors (n·Σa⁴ − (Σa²)²)/n² is computed before every sweep, and the
///   sweeps stop once V has changed by less than 1e-8 four times in a row, or after 225 sweeps;
/// - intermediate values rounded to 8 decimals, as KADE rounds them.
/// Such a path stops up to about 3e-4 short of the optimum (the 0.00116 threshold): PQMethod and
/// KADE print loadings to 4 decimals, so that is where this agrees with them.
extension Varimax {
  /// The sweeps on a column-major copy (each factor's loadings contiguous, so a pair's pass reads
  /// two arrays in order), through raw pointers. Every sum and rounding is done in the same order
  /// and with the same operations as the plain loop over `Matrix` it replaces, so the results are
  /// bit for bit the same (`PQMethodVarimaxFastPathTests`); what is saved is bounds checks, strided
  /// access and the sweeps after a fixed point (KADE's rule would go on for four more sweeps that
  /// change nothing). About half the time of the plain loop; the rotation is a small part of an
  /// analysis (`EngineBenchmark --varimax`).
  static func pqmethodSweeps(_ start: Matrix) -> Matrix {
    let rows = start.rows
    let factors = start.columns
    guard rows > 0, factors >= 2 else { return start }
    var columns = [Double](repeating: 0, count: rows * factors)
    for r in 0..<rows {
      for c in 0..<factors { columns[c * rows + r] = start.values[r * factors + c] }
    }
    columns.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var sweeps = 0
      var unchanged = 0
      var criterion = 0.0
      while true {
        let previous = sweeps == 0 ? 0 : criterion
        criterion = pqmethodCriterion(base, rows: rows, factors: factors)
        sweeps += 1
        unchanged = abs(criterion - previous) < 1e-8 ? unchanged + 1 : 0
        // Bits that any rotation of this sweep changed: none means the matrix is a fixed point,
        // and every later sweep would compute the same angles and leave it as it is.
        var changedBits: UInt64 = 0
        for x in 0..<(factors - 1) {
          for y in (x + 1)..<factors {
            let (px, py) = (base + x * rows, base + y * rows)
            guard let (sine, cosine) = pqmethodAngle(px, py, rows: rows) else { continue }
            for r in 0..<rows {
              let ax = px[r]
              let ay = py[r]
              let newX = round8(ax * cosine + ay * sine)
              let newY = round8(-ax * sine + ay * cosine)
              changedBits |= (newX.bitPattern ^ ax.bitPattern) | (newY.bitPattern ^ ay.bitPattern)
              px[r] = newX
              py[r] = newY
            }
          }
        }
        if unchanged > 3 || sweeps >= 225 || changedBits == 0 { return }
      }
    }
    var result = Matrix(rows: rows, columns: factors)
    for r in 0..<rows {
      for c in 0..<factors { result.values[r * factors + c] = columns[c * rows + r] }
    }
    return result
  }

  /// V = Σ_factors (n·Σa⁴ − (Σa²)²)/n², with KADE's roundings, over column-major loadings.
  static func pqmethodCriterion(_ base: UnsafePointer<Double>, rows: Int, factors: Int) -> Double {
    let n = Double(rows)
    var total = 0.0
    for c in 0..<factors {
      let column = base + c * rows
      var sumSquares = 0.0
      var sumFourth = 0.0
      for r in 0..<rows {
        let square = round8(column[r] * column[r])
        sumSquares += square
        sumFourth += round8(square * square)
      }
      let (aa, bb) = (round8(sumSquares), round8(sumFourth))
      total += round8((round8(n * bb) - round8(aa * aa)) / (n * n))
    }
    return round8(total)
  }

  /// (sin φ, cos φ) for the pair of factor columns x, y by PQMethod's rules, or nil when the pair is
  /// left alone.
  static func pqmethodAngle(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, rows: Int) -> (Double, Double)? {
    let n = Double(rows)
    var sumU = 0.0
    var sumT = 0.0
    var sumC = 0.0
    var sumD = 0.0
    for r in 0..<rows {
      let (ax, ay) = (x[r], y[r])
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
