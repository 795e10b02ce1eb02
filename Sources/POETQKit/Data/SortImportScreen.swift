import Foundation
import QMethod

/// One sort read from another tool's file, checked against the study it is to join.
public struct ScreenedSort: Sendable, Equatable {
  /// Its place in the file (1-based).
  public var position: Int
  /// The id the file gives it.
  public var sourceID: String
  /// Score by statement number of the study.
  public var scores: [Int: Int]
  /// What is wrong with it; empty when it can be imported.
  public var problems: [String]

  public var isValid: Bool { problems.isEmpty }
}

/// What an import would bring into a study: every sort of the file, valid or with its problems,
/// and notes on the file as a whole.
public struct SortImportScreen: Sendable, Equatable {
  public var format: QDataFormat
  public var sorts: [ScreenedSort]
  /// Things worth knowing that do not stop the import (statement texts that differ …).
  public var notes: [String]

  public var validCount: Int { sorts.filter(\.isValid).count }
  public var invalidCount: Int { sorts.count - validCount }

  /// Reads `data` with the engine and checks each sort on its own against the study's grid, so one
  /// bad sort is reported with its problem instead of stopping the whole file.
  ///
  /// The file is read against a permissive grid (any score), so the engine's own checks of the
  /// file's structure still apply. A record the engine cannot use (another number of scores than
  /// the rest, an id repeated in the file, an empty sort, an unreadable score in a sorts-as-rows or
  /// collection-tool file) is listed as an invalid sort with the engine's reason; a fault of the
  /// file as a whole (no sorts, a statement count other than the study's) is a
  /// `QMethodError.malformedInput` naming the file, line and field, and nothing of the file is
  /// usable. Each sort is then checked against `distribution`: every score inside its range and, when
  /// it is forced, every column holding exactly its capacity. An id already used in the study is a
  /// problem too (the same file imported twice).
  ///
  /// - Parameters:
  ///   - statementNumbers: the study's statement numbers; the file's statements are matched to them
  ///     in number order, as POETQ's exports write them.
  ///   - statementTexts: the study's texts in the same order, to compare with a `.STA` or texts in the file.
  ///   - takenIDs: the sort ids the study already has.
  public static func screen(
    data: Data, fileName: String, textsFile: Data? = nil, statementNumbers: [Int], statementTexts: [String],
    distribution: Distribution, takenIDs: Set<String>
  ) throws(QMethodError) -> SortImportScreen {
    let format = try QDataFormat.detect(data: data, fileName: fileName)
    var notes: [String] = []
    var texts: [String]? = nil
    if let textsFile {
      // The engine decodes the texts (UTF-8, UTF-16, Shift-JIS, Windows-1252) and says when it guessed.
      let read = try QDataReader.readStatementTexts(data: textsFile, fileName: "the statement texts file")
      texts = read.texts
      while texts?.last?.isEmpty == true { texts?.removeLast() }
      if let note = read.note { notes.append(note) }
    }
    let anyScore = try Distribution.free(minScore: -999_999_999, maxScore: 999_999_999)
    // Records the file cannot use (another length, a repeated id, an empty sort) are left out by the
    // reader and listed below as invalid sorts, each with its problem, instead of stopping the file.
    let read = try QDataReader.read(
      data: data, fileName: fileName, format: format, statementTexts: texts, distribution: anyScore,
      options: ReadOptions(skipInvalid: true))
    notes += read.notes.filter { !$0.contains(": left out ") }  // those are listed as invalid sorts
    let numbers = statementNumbers.sorted()
    guard read.statementCount == numbers.count else {
      throw .malformedInput(
        file: fileName, line: nil, field: "statements",
        message:
          "the file's sorts have \(read.statementCount) statements but this study's Q-set has \(numbers.count); "
          + "import sorts made with this Q-set")
    }
    // Texts that only name the statement ("12", "sta12") say nothing about its wording.
    let differing = zip(read.statements, statementTexts).enumerated().filter { offset, pair in
      let text = pair.0.text.trimmingCharacters(in: .whitespaces)
      return !text.isEmpty && text != pair.1 && text != String(numbers[offset]) && text != "sta\(numbers[offset])"
    }
    if !differing.isEmpty {
      let shown = differing.prefix(3).map { "statement \(numbers[$0.offset])" }.joined(separator: ", ")
      notes.append(
        "\(differing.count) statement text\(differing.count == 1 ? "" : "s") in the file differ from the study's "
          + "(\(shown)\(differing.count > 3 ? " …" : "")); the scores are matched by statement order.")
    }
    var sorts: [ScreenedSort] = []
    for index in 0..<read.sortCount {
      let id = read.sortIDs[index]
      let row = Array(read.sort(index))
      var problems: [String] = []
      let outside = row.enumerated().filter { !distribution.scores.contains($0.element) }
      for (offset, score) in outside.prefix(3) {
        problems.append(
          "statement \(numbers[offset]): score \(SortGrid.label(ofScore: score)) is outside the grid "
            + "\(SortGrid.label(ofScore: distribution.minScore))…\(SortGrid.label(ofScore: distribution.maxScore))")
      }
      if outside.count > 3 { problems.append("\(outside.count - 3) more scores outside the grid") }
      if outside.isEmpty, let capacities = distribution.capacities {
        var counts = [Int](repeating: 0, count: capacities.count)
        for score in row { counts[score - distribution.minScore] += 1 }
        for column in counts.indices where counts[column] != capacities[column] {
          let score = SortGrid.label(ofScore: distribution.minScore + column)
          let verb = counts[column] > capacities[column] ? "over" : "under"
          problems.append(
            "column \(score) holds \(counts[column]) statements, \(verb) its capacity of \(capacities[column])")
        }
      }
      if takenIDs.contains(id) { problems.append("the study already has a sort \(id) (imported before?)") }
      sorts.append(
        ScreenedSort(
          position: index + 1, sourceID: id,
          scores: Dictionary(zip(numbers, row), uniquingKeysWith: { first, _ in first }), problems: problems))
    }
    for (offset, skipped) in read.skippedRecords.enumerated() {
      sorts.append(
        ScreenedSort(
          position: read.sortCount + offset + 1, sourceID: skipped.id.isEmpty ? skipped.place : skipped.id,
          scores: [:], problems: ["\(skipped.place): \(skipped.reason)"]))
    }
    return SortImportScreen(format: format, sorts: sorts, notes: notes)
  }
}
