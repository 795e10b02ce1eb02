/// Σ a_i·b_i over `count` doubles, with four SIMD lanes of independent partial sums so the loop is not
/// bound by one addition chain. The inner loop of every correlation row and projection.
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
  var lanes0 = SIMD4<Double>()
  var lanes1 = SIMD4<Double>()
  var i = 0
  let rawA = UnsafeRawPointer(a)
  let rawB = UnsafeRawPointer(b)
  let stride = MemoryLayout<Double>.stride
  while i + 8 <= count {
    lanes0 +=
      rawA.loadUnaligned(fromByteOffset: i * stride, as: SIMD4<Double>.self)
      * rawB.loadUnaligned(fromByteOffset: i * stride, as: SIMD4<Double>.self)
    lanes1 +=
      rawA.loadUnaligned(fromByteOffset: (i + 4) * stride, as: SIMD4<Double>.self)
      * rawB.loadUnaligned(fromByteOffset: (i + 4) * stride, as: SIMD4<Double>.self)
    i += 8
  }
  var sum = (lanes0 + lanes1).sum()
  while i < count {
    sum += a[i] * b[i]
    i += 1
  }
  return sum
}
