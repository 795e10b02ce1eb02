/// xoshiro256** 1.0 (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators",
/// <https://prng.di.unimi.it>): 256 bits of state, period 2²⁵⁶ − 1, seeded by expanding a 64-bit
/// seed with ``SplitMix64`` as its authors recommend.
///
/// Written here, with integer arithmetic only, so a seed gives the same draws on every platform and
/// every Swift version (the standard library's `SystemRandomNumberGenerator` cannot be seeded, and
/// its `random(in:using:)` algorithms are not promised to stay the same).
public struct Xoshiro256: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  public init(seed: UInt64) {
    var expander = SplitMix64(seed: seed)
    s0 = expander.next()
    s1 = expander.next()
    s2 = expander.next()
    s3 = expander.next()
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform integer in 0..<bound without modulo bias: Lemire's multiply-and-reject method
  /// ("Fast random integer generation in an interval", ACM TOMACS 2019), integer-only and so the
  /// same on every platform.
  public mutating func uniform(below bound: Int) -> Int {
    precondition(bound > 0, "uniform(below:) needs a positive bound")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold { product = next().multipliedFullWidth(by: range) }
    }
    return Int(product.high)
  }
}
