import Fluent
import Foundation
import QMethod

/// Where an analysis's result JSON is kept: in ``AnalysisResultPart`` rows of at most `partSize`
/// bytes, written one by one with a pause between them. SQLite has one write lock; a 10,000-sort
/// result (6 MB) in one UPDATE held it for some 40–100 ms on two cores, and every participant's
/// save that came meanwhile waited (spinning, in SQLiteNIO's busy handler). Parts of 256 KB hold it
/// for a few milliseconds each, and the pause lets the waiting saves in between.
enum StoredResults {
  static let partSize = 256 * 1024
  /// Between two parts' writes (not before the first): long enough for a waiting save to take the lock.
  static let pauseBetweenParts = Duration.milliseconds(2)

  /// Stores `json` as the result `run` wrote for `analysisID`, replacing that run's earlier parts.
  static func write(
    _ json: Data, analysisID: UUID, run: String, on db: any Database, partSize: Int = partSize,
    pause: Duration = pauseBetweenParts
  ) async throws {
    try await discard(analysisID: analysisID, run: run, on: db)
    for (position, text) in split(json, partSize: partSize).enumerated() {
      if position > 0, pause > .zero { try await Task.sleep(for: pause) }
      try await AnalysisResultPart(analysisID: analysisID, run: run, position: position, text: text).create(on: db)
    }
  }

  /// Deletes the parts `run` wrote for `analysisID`.
  static func discard(analysisID: UUID, run: String, on db: any Database) async throws {
    try await AnalysisResultPart.query(on: db).filter(\.$analysis.$id == analysisID).filter(\.$run == run).delete()
  }

  /// Deletes the parts of `analysisID` that any run but `run` wrote (a run that lost its claim).
  static func discard(analysisID: UUID, allBut run: String, on db: any Database) async throws {
    try await AnalysisResultPart.query(on: db).filter(\.$analysis.$id == analysisID).filter(\.$run != run).delete()
  }

  /// `json` cut into texts of at most `partSize` bytes, never inside a UTF-8 character.
  static func split(_ json: Data, partSize: Int = partSize) -> [String] {
    let bytes = [UInt8](json)
    var texts: [String] = []
    var start = 0
    while start < bytes.count {
      var end = min(start + partSize, bytes.count)
      // A continuation byte (10xxxxxx) starts no character: move back to the one that does.
      while end < bytes.count, end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
      texts.append(String(decoding: bytes[start..<end], as: UTF8.self))
      start = end
    }
    return texts
  }

  /// The result JSON of a finished analysis, or `nil` when it has none (not done, or done before
  /// its result could be stored).
  static func json(of analysis: Analysis, on db: any Database) async throws -> Data? {
    guard analysis.status == .done else { return nil }
    let parts = try await AnalysisResultPart.query(on: db).filter(\.$analysis.$id == analysis.requireID())
      .filter(\.$run == (analysis.claimedBy ?? "")).sort(\.$position).all()
    guard !parts.isEmpty else { return nil }
    var json = Data()
    for part in parts { json.append(contentsOf: part.text.utf8) }
    return json
  }

  /// The decoded result of a finished analysis, or `nil` when it has none.
  /// - Throws: 500 when the stored JSON cannot be read as a result.
  static func result(of analysis: Analysis, on db: any Database) async throws -> AnalysisResult? {
    guard let json = try await json(of: analysis, on: db) else { return nil }
    do {
      // Checked as well as decoded: a row that does not fit together is refused here, not met as
      // a trap by the pages and reports that read it by row and factor.
      let result = try JSONDecoder().decode(AnalysisResult.self, from: json)
      try result.checkShape()
      return result
    } catch {
      throw ServerFault("The stored result of analysis \(analysis.name) cannot be read.")
    }
  }

  /// Like `result(of:on:)`, but an analysis without a result is a 409 naming `field` and its state.
  static func required(_ analysis: Analysis, field: String? = nil, on db: any Database) async throws
    -> AnalysisResult
  {
    guard let result = try await result(of: analysis, on: db) else {
      let subject = field.map { "\($0): the analysis" } ?? "The analysis"
      throw Refusal.conflict(
        "\(subject) \"\(analysis.name)\" has no result yet (\(analysis.status.rawValue)): wait until its run is done."
      )
    }
    return result
  }
}
