import Foundation

/// One participant's record as a reader found it, before the records are checked against each other.
struct SortRecord {
  /// The sort id (empty when the record has none).
  var id: String
  /// Where the record is, for messages: "line 5", "record 3", "row 7 of sheet sorts".
  var place: String
  /// The 1-based line, when the format has lines.
  var line: Int?
  /// The scores in statement order (empty for an empty sort).
  var scores: [Int]
  /// Why the record cannot be used although it has scores (an unreadable cell), if so.
  var problem: String? = nil
  /// Other columns of the export, kept as sort metadata.
  var metadata: [String: String] = [:]

  /// "line 5 (sort US1)".
  var name: String { id.isEmpty ? place : "\(place) (sort \(id))" }
}

/// Checks the records of a collection tool's export against each other.
///
/// A record cannot be used when its sort is empty, a cell could not be read, it has another number
/// of scores than the other records (a pilot with more statements), or it repeats an earlier
/// record's id. Every such record is named in one error; with ``ReadOptions/skipInvalid`` they are
/// left out instead and each is named in the notes.
enum SortRecords {
  /// The usable records, in file order, with `parsed`'s sort ids, scores and metadata filled in.
  /// - Parameter expectedLength: the number of statements when the file says it (a header);
  ///   otherwise the most common length among the records (the first record's on a tie).
  static func collect(
    _ records: [SortRecord], expectedLength: Int?, into parsed: inout ParsedSorts, input: inout FormatInput
  ) throws(QMethodError) -> [SortRecord] {
    let usable = records.filter { $0.problem == nil && !$0.scores.isEmpty }
    let length = expectedLength ?? mostCommonLength(usable)
    var problems: [(SortRecord, String)] = []
    var firstPlace: [String: String] = [:]
    var kept: [SortRecord] = []
    for record in records {
      var reason: String? = record.problem
      if reason == nil, record.scores.isEmpty { reason = "has no scores (an empty sort)" }
      if reason == nil, record.scores.count != length {
        reason = "has \(record.scores.count) scores where the other sorts have \(length)"
      }
      if reason == nil, record.id.isEmpty { reason = "has no sort id" }
      if reason == nil, let first = firstPlace[record.id] {
        reason = "repeats the sort id \"\(record.id)\" of \(first) (delete one of the two, or give one another id)"
      }
      if let reason {
        problems.append((record, reason))
        continue
      }
      firstPlace[record.id] = record.place
      kept.append(record)
    }
    if !problems.isEmpty {
      let lines = problems.map { "\($0.0.name) \($0.1)" }
      guard input.options.skipInvalid else {
        if problems.count == 1, let (record, reason) = problems.first {
          // "file, line 6, sort pilot: has 7 scores …", or "file, record 2 (sort b): …" without lines.
          let field = record.line == nil ? record.name : record.id.isEmpty ? nil : "sort \(record.id)"
          throw .remedied(
            input.error(line: record.line, field: field, "\(reason); correct it"), [.skipInvalid(plural: false)])
        }
        throw .remedied(
          input.error(
            line: nil, field: nil,
            "\(problems.count) records cannot be used: \(lines.joined(separator: "; ")); correct them"),
          [.skipInvalid(plural: true)])
      }
      for (line, (record, reason)) in zip(lines, problems) {
        input.notes.append("\(input.fileName): left out \(line)")
        input.skipped.append(SkippedRecord(id: record.id, place: record.place, reason: reason))
      }
    }
    guard !kept.isEmpty else {
      throw input.error(line: nil, field: nil, "no record holds a usable sort")
    }
    guard length >= 2, length <= FormatLimits.maxStatements else {
      throw input.error(
        line: nil, field: nil,
        "the sorts have \(length) scores; a Q-set holds 2 to \(FormatLimits.maxStatements) statements")
    }
    parsed.sortIDs = kept.map(\.id)
    parsed.scores.reserveCapacity(kept.count * length)
    for record in kept {
      parsed.scores.append(contentsOf: record.scores)
      if !record.metadata.isEmpty { parsed.metadata[record.id] = record.metadata }
    }
    if parsed.texts.count != length { parsed.texts = Array(repeating: "", count: length) }
    return kept
  }

  static func mostCommonLength(_ records: [SortRecord]) -> Int {
    var counts: [Int: Int] = [:]
    for record in records { counts[record.scores.count, default: 0] += 1 }
    let best = counts.values.max() ?? 0
    return records.first { counts[$0.scores.count] == best }?.scores.count ?? 0
  }
}
