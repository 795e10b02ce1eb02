import Foundation

extension QAnalysis {
  /// FNV-1a 64-bit over the distribution, statement numbers, sort ids and scores: the result's
  /// `dataFingerprint`, so a server can record a snapshot's hash before the run.
  public static func fingerprint(_ data: QSortData) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    let prime: UInt64 = 0x100_0000_01b3
    // A value's eight little-endian bytes, low byte first. For 0…255 the last seven are zero and
    // each zero byte only multiplies by the prime (h ^ 0 = h), so the eight steps are one
    // multiplication by prime⁸ (wrapping, as each step wraps): the same hash, at a fraction of the
    // cost over millions of scores.
    let prime8 = (0..<8).reduce(UInt64(1)) { power, _ in power &* prime }
    func mix(_ value: some BinaryInteger) {
      var bits = UInt64(bitPattern: Int64(value))
      if bits < 256 {
        hash = (hash ^ bits) &* prime8
        return
      }
      for _ in 0..<8 {
        hash = (hash ^ (bits & 0xff)) &* prime
        bits >>= 8
      }
    }
    mix(data.distribution.minScore)
    mix(data.distribution.maxScore)
    for capacity in data.distribution.capacities ?? [] { mix(capacity) }
    for statement in data.statements { mix(statement.number) }
    for id in data.sortIDs {
      for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
      mix(0)
    }
    for score in data.scores { mix(score) }
    return String(hash, radix: 16)
  }
}
