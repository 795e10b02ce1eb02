import Foundation

/// How a participant turns the presort piles into a grid (SPEC §4).
public enum SortMethod: String, Sendable, Hashable, Codable, CaseIterable {
  /// The POETQ stepwise ranking: column by column, choosing from one pile at a time.
  case stepwise
  /// Direct placement: statements are put into any column from the three piles.
  case grid
}
