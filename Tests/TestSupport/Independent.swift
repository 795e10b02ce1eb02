/// Figures the tests compute themselves, written out here so that a check never uses the engine's
/// own code for the number it checks.
public enum Independent {
  /// Pearson's r of two equally long series.
  public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let (mx, my) = (x.reduce(0, +) / n, y.reduce(0, +) / n)
    let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    let syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
    return sxy / (sxx * syy).squareRoot()
  }
}
