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

/// ``dot(_:_:count:)`` of `a0` and of `a1` with the same `b`, worked out side by side: each sum gets
/// exactly the operations of `dot` in its order (the same lanes, the same `sum()`, the same tail),
/// so the same bits, while the two independent addition chains overlap and `b` is loaded once.
@inline(__always)
func dot2(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int)
  -> (Double, Double)
{
  var first0 = SIMD4<Double>()
  var first1 = SIMD4<Double>()
  var second0 = SIMD4<Double>()
  var second1 = SIMD4<Double>()
  var i = 0
  let rawA0 = UnsafeRawPointer(a0)
  let rawA1 = UnsafeRawPointer(a1)
  let rawB = UnsafeRawPointer(b)
  let stride = MemoryLayout<Double>.stride
  while i + 8 <= count {
    let b0 = rawB.loadUnaligned(fromByteOffset: i * stride, as: SIMD4<Double>.self)
    let b1 = rawB.loadUnaligned(fromByteOffset: (i + 4) * stride, as: SIMD4<Double>.self)
    first0 += rawA0.loadUnaligned(fromByteOffset: i * stride, as: SIMD4<Double>.self) * b0
    first1 += rawA0.loadUnaligned(fromByteOffset: (i + 4) * stride, as: SIMD4<Double>.self) * b1
    second0 += rawA1.loadUnaligned(fromByteOffset: i * stride, as: SIMD4<Double>.self) * b0
    second1 += rawA1.loadUnaligned(fromByteOffset: (i + 4) * stride, as: SIMD4<Double>.self) * b1
    i += 8
  }
  var first = (first0 + first1).sum()
  var second = (second0 + second1).sum()
  while i < count {
    first += a0[i] * b[i]
    second += a1[i] * b[i]
    i += 1
  }
  return (first, second)
}
