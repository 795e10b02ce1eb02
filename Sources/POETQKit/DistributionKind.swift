import Foundation

/// Whether a grid's column capacities bind the final sort (SPEC §2: forced or free distribution).
/// Raw values match the server's stored distribution kinds.
public enum DistributionKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// Every column holds exactly its capacity.
  case forced
  /// Any number of statements per column; only the grid's scores apply.
  case free
}
