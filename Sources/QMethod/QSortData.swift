/// One statement of the Q-set.
public struct Statement: Sendable, Hashable, Codable {
  /// The statement's number as the researcher knows it (1-based, unique).
  public var number: Int
  /// The statement's wording; empty when only the scores are known.
  public var text: String

  public init(number: Int, text: String = "") {
    self.number = number
    self.text = text
  }
}

/// A record of a data file that was left out because it could not be used.
public struct SkippedRecord: Sendable, Equatable {
  /// Its sort id as the file gives it (may be empty).
  public var id: String
  /// Where it is: "line 5", "record 3", "row 7 of sheet sorts".
  public var place: String
  /// Why: "has 38 scores where the other 40 sorts have 36", "repeats the sort id …", ….
  public var reason: String
}

/// The data of a Q study: a statements × sorts matrix of integer scores.
///
/// Scores are stored sort by sort (`scores[sort * statementCount + statement]`), the layout every
/// file format delivers and the one the engine streams through; nothing here is N×N.
public struct QSortData: Sendable, Equatable {
  /// A title for reports (the PQMethod project title).
  public var title: String
  /// The statements in the order of the score rows.
  public var statements: [Statement]
  /// The sort identifiers, in column order.
  public var sortIDs: [String]
  /// The grid the sorts were placed on.
  public var distribution: Distribution
  /// Scores sort-major: the `statementCount` scores of sort 0, then sort 1, …
  public private(set) var scores: [Int]
  /// What the reader did that the researcher should know: an encoding guessed, records left out,
  /// a free distribution chosen, ids shortened. The analysis repeats them in its notes.
  public var notes: [String] = []
  /// The other columns of a collection tool's export (site, form answers, comments, durations),
  /// by sort id and column name.
  public var sortMetadata: [String: [String: String]] = [:]
  /// Records of the file left out as unusable (``ReadOptions/skipInvalid``), each also in `notes`.
  public var skippedRecords: [SkippedRecord] = []

  public var statementCount: Int { statements.count }
  public var sortCount: Int { sortIDs.count }

  /// Builds a dataset and checks that it is complete and consistent.
  /// - Parameters:
  ///   - scores: sort-major scores, `sortIDs.count × statements.count` of them.
  ///   - validateForced: when the distribution is forced, refuse a sort that breaks it.
  /// - Throws: `QMethodError.invalidData` naming the first sort and statement at fault.
  public init(
    title: String = "", statements: [Statement], sortIDs: [String], distribution: Distribution,
    scores: [Int], validateForced: Bool = true
  ) throws(QMethodError) {
    guard !statements.isEmpty else { throw .invalidData("the data holds no statements") }
    guard scores.count == statements.count * sortIDs.count else {
      throw .invalidData(
        "expected \(statements.count * sortIDs.count) scores (\(sortIDs.count) sorts × \(statements.count) statements), got \(scores.count)"
      )
    }
    var seenNumbers = Set<Int>()
    for statement in statements where !seenNumbers.insert(statement.number).inserted {
      throw .invalidData("statement number \(statement.number) appears twice")
    }
    var seenIDs = Set<String>()
    for id in sortIDs where !seenIDs.insert(id).inserted {
      throw .invalidData("sort id \"\(id)\" appears twice")
    }
    if let count = distribution.statementCount, count != statements.count {
      throw .invalidData(
        "the distribution holds \(count) statements but the data has \(statements.count)")
    }
    let n = statements.count
    for sort in 0..<sortIDs.count {
      let row = scores[(sort * n)..<((sort + 1) * n)]
      for (offset, score) in row.enumerated() where !distribution.scores.contains(score) {
        throw .invalidData(
          "sort \(sortIDs[sort]), statement \(statements[offset].number): score \(score) is outside \(distribution.minScore)…\(distribution.maxScore)"
        )
      }
      if validateForced, let capacities = distribution.capacities {
        var counts = Array(repeating: 0, count: capacities.count)
        for score in row { counts[score - distribution.minScore] += 1 }
        if counts != capacities {
          let column = counts.indices.first { counts[$0] != capacities[$0] } ?? 0
          throw .invalidData(
            "sort \(sortIDs[sort]) does not fit the forced distribution: score \(distribution.minScore + column) holds \(counts[column]) statements, the grid \(capacities[column])"
          )
        }
      }
    }
    self.title = title
    self.statements = statements
    self.sortIDs = sortIDs
    self.distribution = distribution
    self.scores = scores
  }

  /// The scores of one sort, in statement order.
  public func sort(_ index: Int) -> ArraySlice<Int> {
    scores[(index * statementCount)..<((index + 1) * statementCount)]
  }

  /// The score a sort gave a statement (both 0-based indices).
  public func score(sort: Int, statement: Int) -> Int {
    scores[sort * statementCount + statement]
  }

  /// Two datasets are equal when they hold the same data (title, statements, sorts, grid, scores,
  /// metadata); what a reader noted about its file (`notes`, `skippedRecords`) does not count.
  public static func == (lhs: QSortData, rhs: QSortData) -> Bool {
    lhs.title == rhs.title && lhs.statements == rhs.statements && lhs.sortIDs == rhs.sortIDs
      && lhs.distribution == rhs.distribution && lhs.scores == rhs.scores && lhs.sortMetadata == rhs.sortMetadata
  }

  /// A dataset holding only the sorts at `indices`, in that order.
  public func selectingSorts(_ indices: [Int]) -> QSortData {
    var picked: [Int] = []
    picked.reserveCapacity(indices.count * statementCount)
    for index in indices { picked.append(contentsOf: sort(index)) }
    var copy = self
    copy.sortIDs = indices.map { sortIDs[$0] }
    copy.scores = picked
    return copy
  }
}
