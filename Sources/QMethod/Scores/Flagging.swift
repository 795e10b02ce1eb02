/// Which sorts define which factor.
public enum Flagging {
  /// Automatic flags (Brown 1980; PQMethod's pre-flagging; qmethod's `qflag`): sort j defines factor f
  /// when |a_jf| > z/√S and, with `majority`, a_jf² > h_j² − a_jf² (the factor explains more of the
  /// sort than all other factors together).
  public static func automatic(_ loadings: Matrix, statementCount: Int, z: Double, majority: Bool) -> [[Bool]] {
    let threshold = z / Double(statementCount).squareRoot()
    let communalities = loadings.rowSumsOfSquares
    return (0..<loadings.rows).map { r in
      (0..<loadings.columns).map { c in
        let a = loadings[r, c]
        let significant = abs(a) > threshold
        return majority ? significant && a * a > communalities[r] - a * a : significant
      }
    }
  }
}
