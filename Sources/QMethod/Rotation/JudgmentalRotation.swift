import Foundation

/// Hand rotation of factor pairs, as in PQMethod's QROTATE and KADE's rotation plot.
public enum JudgmentalRotation {
  /// The largest turn a step may ask for, either way: a full circle.
  public static let maximumDegrees = 360.0

  /// Applies each step in order. Rotation keeps every sort's communality.
  public static func apply(_ steps: [RotationStep], to loadings: Matrix) throws(QMethodError) -> Matrix {
    var a = loadings
    for step in steps {
      let x = step.first - 1
      let y = step.second - 1
      guard (0..<a.columns).contains(x), (0..<a.columns).contains(y), x != y else {
        throw .invalidOptions(
          "rotation step \(step.first),\(step.second): factors must be two different numbers from 1 to \(a.columns)")
      }
      guard step.degrees.isFinite else { throw .invalidOptions("rotation angle \(step.degrees) is not a number") }
      // A turn beyond a full circle is never meant, and a huge angle (1e308) loses every digit in
      // `degrees * π / 180`: refused rather than turned into NaN loadings.
      guard abs(step.degrees) <= maximumDegrees else {
        throw .invalidOptions(
          "rotation step \(step.first),\(step.second): turn by -360 to 360 degrees, not \(step.degrees)")
      }
      let theta = step.degrees * .pi / 180
      let cosine = cos(theta)
      let sine = sin(theta)
      for r in 0..<a.rows {
        let ax = a[r, x]
        let ay = a[r, y]
        a[r, x] = ax * cosine + ay * sine
        a[r, y] = -ax * sine + ay * cosine
      }
    }
    return a
  }
}
