extension OffDiagonalResidual {
  /// Brown's reflection of sort j, applied to the reflected column sums: for every k ≠ j,
  /// `sums[k] -= 2·signs[k]·e_jk·signs[j]`, with `signs` as they were before the reflection
  /// (`sums[j]` is left as it was).
  ///
  /// e_jk is worked out as ``copyRow(_:into:)`` works it out — r_jk, less each removed factor's
  /// f_j·f_k in the order they were removed — and used at once, four sorts at a time, instead of
  /// being written to a row first: each element gets the same operations in the same order, so the
  /// same bits, and R's kept row is read where it lies. `scratch` (`size` doubles) holds R's row when
  /// it is not kept.
  func reflect(
    _ j: Int, signs: UnsafeBufferPointer<Double>, sums: UnsafeMutableBufferPointer<Double>,
    scratch: UnsafeMutablePointer<Double>
  ) {
    let n = correlations.size
    let removed = removedCount
    let sj = signs[j]
    let keptSum = sums[j]
    correlations.withRow(j, scratch: scratch) { r in
      factorStore.withUnsafeBufferPointer { store in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(removed, 1)) { own in
          // Each removed factor's f_j, read once; factor f's loading of sort k lies f·n after
          // sort k's in the first factor, reached by pointer steps.
          let f = store.baseAddress ?? UnsafePointer(scratch)
          for factor in 0..<removed { own[factor] = f[factor * n + j] }
          let fj = UnsafePointer(own.baseAddress!)
          let g = signs.baseAddress!
          let s = sums.baseAddress!
          var k = 0
          while k + 4 <= n {
            var e = load4(r + k)
            var loadings = f + k
            for factor in 0..<removed {
              e -= SIMD4(repeating: fj[factor]) * load4(loadings)
              loadings += n
            }
            let update = 2 * load4(g + k) * e * sj
            store4(load4(s + k) - update, s + k)
            k += 4
          }
          while k < n {
            var e = r[k]
            var loadings = f + k
            for factor in 0..<removed {
              e -= fj[factor] * loadings[0]
              loadings += n
            }
            s[k] -= 2 * g[k] * e * sj
            k += 1
          }
        }
      }
    }
    // Sort j's own element was updated with e_jj above, which the reflection leaves out.
    sums[j] = keptSum
  }
}

@inline(__always)
private func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func store4(_ value: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
  UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD4<Double>.self)
}
