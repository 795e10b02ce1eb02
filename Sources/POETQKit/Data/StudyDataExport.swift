import Foundation
import QMethod

/// A study's completed sorts in every export format, from plain values: the design (statements,
/// grid, questions) and the sorts. Each format is a pure function to bytes; the server only adds
/// the download and the audit record.
///
/// - CSV: one row per sort: `sort_id, site, status, consented_at, presort_started_at,
///   grid_confirmed_at, submitted_at, sort_minutes`, one column per question key (several answers
///   joined by "; "), `comment_<n>` and `s<n>` for every statement `n`. Text cells are guarded
///   against formula injection (``SpreadsheetCSV``).
/// - JSON: the study's statements and grid, and the same per sort as objects.
/// - PQMethod `.DAT` and `.STA`, KADE's CSV (sorts as rows) and the CSV the R package qmethod reads
///   with `read.csv(file, row.names = 1)` (statements as rows named `sta<n>`, sorts as columns).
///
/// Statements are written in the order of their numbers; every format carries the same sort ids.
public struct StudyDataExport: Sendable {
  public var title: String
  /// The Q-set, in number order.
  public var statements: [TemplateStatement]
  public var distribution: Distribution
  /// Question keys, in the order they are asked.
  public var questionKeys: [String]
  public var sorts: [CompletedSort]

  public init(
    title: String, statements: [TemplateStatement], distribution: Distribution, questionKeys: [String],
    sorts: [CompletedSort]
  ) {
    self.title = title
    self.statements = statements.sorted { $0.number < $1.number }
    self.distribution = distribution
    self.questionKeys = questionKeys
    self.sorts = sorts
  }

  /// The grid of a design: forced with its capacities, or free over its score range.
  public static func distribution(of design: StudyTemplate, forced: Bool) throws(QMethodError) -> Distribution {
    let columns = design.columns.sorted { $0.score < $1.score }
    guard let low = columns.first?.score, let high = columns.last?.score else {
      throw .invalidDistribution("the study has no grid")
    }
    guard forced, columns.map(\.score) == Array(low...high) else {
      return try .free(minScore: low, maxScore: high)
    }
    return try Distribution(minScore: low, maxScore: high, capacities: columns.map(\.capacity))
  }

  // MARK: - Everything about each sort

  public func csv() -> Data {
    var header = [
      "sort_id", "site", "language", "status", "consented_at", "presort_started_at", "grid_confirmed_at",
      "submitted_at",
      "sort_minutes",
    ]
    header += questionKeys
    header += statements.map { "comment_\($0.number)" }
    header += statements.map { "s\($0.number)" }
    var out = SpreadsheetCSV.line(header.map(SpreadsheetCSV.text))
    for sort in sorts {
      var cells = [sort.sortID, sort.site, sort.language, sort.status].map(SpreadsheetCSV.text)
      cells += [sort.consentedAt, sort.presortStartedAt, sort.gridConfirmedAt, sort.submittedAt].map {
        $0.map(Self.timestamp) ?? ""
      }
      cells.append(sort.sortMinutes.map(Self.minutes) ?? "")
      cells += questionKeys.map { SpreadsheetCSV.text((sort.answers[$0] ?? []).joined(separator: "; ")) }
      cells += statements.map { SpreadsheetCSV.text(sort.comments[$0.number] ?? "") }
      cells += statements.map { sort.scores[$0.number].map(String.init) ?? "" }
      out += SpreadsheetCSV.line(cells)
    }
    return Data(out.utf8)
  }

  public func json() -> Data {
    struct Document: Encodable {
      var title: String
      var distribution: Grid
      var statements: [Item]
      var sorts: [Sort]
    }
    struct Grid: Encodable {
      var minScore: Int
      var maxScore: Int
      var capacities: [Int]?

      enum CodingKeys: String, CodingKey {
        case minScore = "min_score"
        case maxScore = "max_score"
        case capacities
      }
    }
    struct Item: Encodable {
      var number: Int
      var text: String
    }
    struct Sort: Encodable {
      var sortID: String
      var site: String
      var language: String
      var status: String
      var consentedAt: Date?
      var presortStartedAt: Date?
      var gridConfirmedAt: Date?
      var submittedAt: Date?
      var sortMinutes: Double?
      var answers: [String: [String]]
      var comments: [String: String]
      var scores: [String: Int]

      enum CodingKeys: String, CodingKey {
        case sortID = "sort_id"
        case site, language, status
        case consentedAt = "consented_at"
        case presortStartedAt = "presort_started_at"
        case gridConfirmedAt = "grid_confirmed_at"
        case submittedAt = "submitted_at"
        case sortMinutes = "sort_minutes"
        case answers, comments, scores
      }
    }
    let document = Document(
      title: title,
      distribution: Grid(
        minScore: distribution.minScore, maxScore: distribution.maxScore, capacities: distribution.capacities),
      statements: statements.map { Item(number: $0.number, text: $0.text) },
      sorts: sorts.map { sort in
        Sort(
          sortID: sort.sortID, site: sort.site, language: sort.language, status: sort.status,
          consentedAt: sort.consentedAt,
          presortStartedAt: sort.presortStartedAt, gridConfirmedAt: sort.gridConfirmedAt,
          submittedAt: sort.submittedAt, sortMinutes: sort.sortMinutes.map { ($0 * 10).rounded() / 10 },
          answers: sort.answers,
          comments: Dictionary(
            sort.comments.map { (String($0.key), $0.value) }, uniquingKeysWith: { first, _ in first }),
          scores: Dictionary(sort.scores.map { (String($0.key), $0.value) }, uniquingKeysWith: { first, _ in first }))
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    // Encoding plain strings, numbers and dates cannot fail.
    return (try? encoder.encode(document)) ?? Data()
  }

  // MARK: - The analysis tools' formats

  /// The scores as the engine's data set: statements in number order, one sort per id.
  /// - Throws: `QMethodError.invalidData` when a sort lacks a score or breaks the grid.
  public func qSortData(statementText: (String) -> String = { $0 }) throws(QMethodError) -> QSortData {
    var scores: [Int] = []
    scores.reserveCapacity(sorts.count * statements.count)
    for sort in sorts {
      for statement in statements {
        guard let score = sort.scores[statement.number] else {
          throw .invalidData("sort \(sort.sortID) has no score for statement \(statement.number)")
        }
        scores.append(score)
      }
    }
    return try QSortData(
      title: String(title.prefix(60)),
      statements: statements.map { Statement(number: $0.number, text: statementText($0.text)) },
      sortIDs: sorts.map(\.sortID), distribution: distribution, scores: scores, validateForced: false)
  }

  /// PQMethod's `.DAT`: the grid on line 2, one fixed-column line per sort.
  public func pqmethodDAT() throws(QMethodError) -> Data {
    try QDataWriter.encode(qSortData(), format: .pqmethodDAT)
  }

  /// PQMethod's `.STA`: one statement text per line, in number order.
  public func pqmethodSTA() throws(QMethodError) -> Data {
    QDataWriter.encodeStatementTexts(try qSortData())
  }

  /// The CSV KADE's "Load CSV File" reads: a header row (statement texts, guarded against formula
  /// injection), then one row per sort: its id and its scores in statement order.
  public func kadeCSV() throws(QMethodError) -> Data {
    var data = try qSortData(statementText: SpreadsheetCSV.neutralised)
    data.sortIDs = data.sortIDs.map(SpreadsheetCSV.neutralised)
    return try QDataWriter.encode(data, format: .csvSortsAsRows)
  }

  /// The CSV the R package qmethod's cookbook reads (`read.csv("file.csv", row.names = 1)`): as R's
  /// `write.csv` writes a data frame, a header `"",<sort ids>`, then one row per statement, its
  /// name `sta<n>` and its score in every sort. Numbers only in the cells, as `qmethod()` needs.
  public func qmethodCSV() throws(QMethodError) -> Data {
    let data = try qSortData()
    var out = SpreadsheetCSV.line(["\"\""] + data.sortIDs.map(SpreadsheetCSV.alwaysQuoted))
    for (index, statement) in data.statements.enumerated() {
      var cells = [SpreadsheetCSV.alwaysQuoted("sta\(statement.number)")]
      for sort in 0..<data.sortCount { cells.append(String(data.score(sort: sort, statement: index))) }
      out += SpreadsheetCSV.line(cells)
    }
    return Data(out.utf8)
  }

  // MARK: - Cells

  static func timestamp(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
  }

  /// Minutes with one decimal ("31.5").
  static func minutes(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
  }
}
