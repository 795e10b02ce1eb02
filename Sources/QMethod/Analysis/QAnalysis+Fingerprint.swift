import Foundation

extension QAnalysis {
  /// FNV-1a 64-bit over the distribution, statement numbers, sort ids and scores: the result's
  /// `dataFingerprint`, so a server can record a snapshot's hash before the run.
  public static func fingerprint(_ data: QSortData) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ value: some BinaryInteger) {
      withUnsafeBytes(of: Int64(value).littleEndian) { bytes in
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      }
    }
    mix(data.distribution.minScore)
    mix(data.distribution.maxScore)
    for capacity in data.distribution.capacities ?? [] { mix(capacity) }
    for statement in data.statements { mix(statement.number) }
    for id in data.sortIDs {
      for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      mix(0)
    }
    for score in data.scores { mix(score) }
    return String(hash, radix: 16)
  }
}
