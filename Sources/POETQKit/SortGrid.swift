import Foundation

/// The columns of a sorting grid: each score with how many statements it holds.
///
/// Scores are distinct and kept in ascending order whatever order they were given in. They need not
/// be contiguous nor include 0: a six-column grid may run −3…−1, +1…+3. A column of capacity 0 is
/// allowed (it stays empty, and the stepwise ranking never asks about it). A grid has at least one
/// column. This is the grid alone; whether its capacities are enforced is a ``DistributionKind``.
public struct SortGrid: Sendable, Hashable, Codable {
  /// One column of the grid.
  public struct Column: Sendable, Hashable, Codable {
    /// The score statements in this column receive (e.g. −4…+4).
    public var score: Int
    /// How many statements the column holds (0 or more).
    public var capacity: Int

    /// Creates a column.
    public init(score: Int, capacity: Int) {
      self.score = score
      self.capacity = capacity
    }
  }

  /// The columns in ascending order of score.
  public let columns: [Column]

  /// Creates a grid from its columns, in any order.
  ///
  /// - Throws: ``SortGridError`` when there are no columns, two columns share a score, or a capacity
  ///   is negative.
  public init(columns: [Column]) throws(SortGridError) {
    guard !columns.isEmpty else { throw .noColumns }
    let sorted = columns.sorted { $0.score < $1.score }
    for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.score == next.score {
      throw .duplicateScore(next.score)
    }
    if let negative = sorted.first(where: { $0.capacity < 0 }) {
      throw .negativeCapacity(score: negative.score, capacity: negative.capacity)
    }
    self.columns = sorted
  }

  /// Creates a contiguous grid: `capacities[i]` statements at score `minScore + i`.
  ///
  /// `SortGrid(minScore: -4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])` is the POETQ grid.
  /// - Throws: ``SortGridError`` when `capacities` is empty or holds a negative number.
  public init(minScore: Int, capacities: [Int]) throws(SortGridError) {
    try self.init(columns: capacities.enumerated().map { Column(score: minScore + $0.offset, capacity: $0.element) })
  }

  /// Creates the grid of a study template's columns (labels are not part of the grid).
  ///
  /// - Throws: ``SortGridError`` as ``init(columns:)``.
  public init(templateColumns: [TemplateColumn]) throws(SortGridError) {
    try self.init(columns: templateColumns.map { Column(score: $0.score, capacity: $0.capacity) })
  }

  /// The scores of the columns, ascending.
  public var scores: [Int] { columns.map(\.score) }

  /// The lowest score (the "most disagree" column).
  public var minScore: Int { columns[0].score }

  /// The highest score (the "most agree" column).
  public var maxScore: Int { columns[columns.count - 1].score }

  /// The number of places in the grid: the sum of the capacities.
  public var totalCapacity: Int { columns.reduce(0) { $0 + $1.capacity } }

  /// The capacity of the column for `score`, or `nil` when the grid has no such column.
  public func capacity(ofScore score: Int) -> Int? {
    columns.first { $0.score == score }?.capacity
  }

  /// A score as participants and researchers read it: "+3", "0", "-3".
  ///
  /// The sign is written out on the positive side so the two sides of the grid read alike; the
  /// minus is ASCII to match how the server already prints scores.
  public static func label(ofScore score: Int) -> String {
    score > 0 ? "+\(score)" : String(score)
  }

  private enum CodingKeys: String, CodingKey {
    case columns
  }

  /// Decodes a grid and checks it as ``init(columns:)`` does, so a stored grid is never invalid.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let columns = try container.decode([Column].self, forKey: .columns)
    do {
      try self.init(columns: columns)
    } catch {
      throw DecodingError.dataCorruptedError(forKey: .columns, in: container, debugDescription: error.description)
    }
  }
}
