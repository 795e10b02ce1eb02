import Fluent
import Foundation
import POETQKit
import SQLKit

/// The actions accepted last and the revision they produced: a retried request carrying the same
/// actions at the revision before is answered as done, not refused.
struct LastAction: Codable, Equatable {
  var revision: Int
  var actions: [FlowAction]
}

/// A participant's flow as stored, with the revision it was saved at.
struct StoredFlow {
  var responseID: UUID
  var revision: Int
  var flow: ParticipantFlow
  var lastAction: LastAction?
}

/// Reading and writing a response's flow. Every save is conditional on the revision it was based
/// on, in one statement, so two requests racing on the same revision cannot both win.
enum ResponseStore {
  private static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }()

  private static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }()

  static func json(_ value: some Encodable) throws -> String {
    String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// One of a response's JSON columns, decoded; an unreadable one is a server error naming the column.
  /// Everything that reads responses (the flow, the monitor, exports, the participant page) goes through here.
  static func value<T: Decodable>(_ type: T.Type, _ text: String, field: String) throws -> T {
    do {
      return try decoder.decode(type, from: Data(text.utf8))
    } catch {
      throw ServerFault("Stored response field \(field) is unreadable: \(error)")
    }
  }

  /// A `placements` column (`{"1":-3,"2":0,…}`: statement number → score), read by hand: the
  /// decoder takes about 100 µs for 40 statements, a second for 10,000 sorts; this a few µs. A text
  /// of any other shape goes through ``value(_:_:field:)``.
  static func scores(_ text: String, field: String) throws -> [Int: Int] {
    if let read = IntegerMap.read(text) { return read }
    return try value([Int: Int].self, text, field: field)
  }

  /// The stored flow of a participant, or nil before consent.
  static func load(participantID: UUID, on db: any Database) async throws -> StoredFlow? {
    guard let response = try await SortResponse.query(on: db).filter(\.$participant.$id == participantID).first()
    else { return nil }
    return try stored(
      Columns(
        id: try response.requireID(), stage: response.stage, revision: response.revision,
        presortOrder: response.presortOrder, presort: response.presort, rankingChoices: response.rankingChoices,
        placements: response.placements, comments: response.comments, answers: response.answers,
        stageTimestamps: response.stageTimestamps, lastAction: response.lastAction))
  }

  /// A response's columns as stored: what ``stored(_:)`` makes a flow of, whichever query read them.
  struct Columns {
    var id: UUID
    var stage: String
    var revision: Int
    var presortOrder: String
    var presort: String
    var rankingChoices: String
    var placements: String
    var comments: String
    var answers: String
    var stageTimestamps: String
    var lastAction: String?
  }

  /// The flow of a response's stored columns; an unreadable column is a server error naming it.
  static func stored(_ columns: Columns) throws -> StoredFlow {
    guard let stage = FlowStage(rawValue: columns.stage) else {
      throw ServerFault("Stored response has an unknown stage \(columns.stage)")
    }
    let flow = ParticipantFlow(
      stage: stage, presortOrder: try integers(columns.presortOrder, field: "presort_order"),
      presort: try value([Int: PresortPile].self, columns.presort, field: "presort"),
      rankingChoices: try value([[Int]].self, columns.rankingChoices, field: "ranking_choices"),
      placements: try scores(columns.placements, field: "placements"),
      comments: try value([Int: String].self, columns.comments, field: "comments"),
      answers: try value([String: [String]].self, columns.answers, field: "answers"),
      timestamps: try value([String: Date].self, columns.stageTimestamps, field: "stage_timestamps"))
    let lastAction = try columns.lastAction.map { try value(LastAction.self, $0, field: "last_action") }
    return StoredFlow(responseID: columns.id, revision: columns.revision, flow: flow, lastAction: lastAction)
  }

  /// A list of whole numbers (`[12,3,40]`), read by hand like ``scores(_:field:)``; any other shape
  /// goes through the decoder.
  static func integers(_ text: String, field: String) throws -> [Int] {
    if let read = IntegerMap.readList(text) { return read }
    return try value([Int].self, text, field: field)
  }

  /// Stores a new flow at consent, as revision 1.
  static func create(
    participantID: UUID, flow: ParticipantFlow, consentVersion: Int, at now: Date, on db: any Database
  ) async throws {
    let response = SortResponse(participantID: participantID, stage: flow.stage.rawValue)
    response.revision = 1
    response.consentVersion = consentVersion
    response.consentedAt = now
    try fill(response, with: flow)
    try await response.create(on: db)
  }

  /// Saves `flow` as revision `revision + 1` provided the stored revision is still `revision`.
  ///
  /// - Returns: false when another request saved first (nothing was written).
  static func save(_ flow: ParticipantFlow, actions: [FlowAction], over stored: StoredFlow, on db: any Database)
    async throws -> Bool
  {
    let scratch = SortResponse()
    try fill(scratch, with: flow)
    let rows = try await Save(
      values: [
        .text(scratch.stage), .text(scratch.presortOrder), .text(scratch.presort), .text(scratch.rankingChoices),
        .text(scratch.placements), .text(scratch.comments), .text(scratch.answers), .text(scratch.stageTimestamps),
        .time(scratch.submittedAt), .text(try json(LastAction(revision: stored.revision + 1, actions: actions))),
        .integer(stored.revision + 1), .time(Date()), .id(stored.responseID), .integer(stored.revision),
      ]
    ).rows(on: db)
    return !rows.isEmpty
  }

  /// The conditional UPDATE of ``save(_:actions:over:on:)``, prepared once per connection on
  /// PostgreSQL (``NumberedStatement``); a row comes back only when the revision was still the one read.
  struct Save: NumberedStatement {
    static let sql = """
      UPDATE responses SET stage = $1, presort_order = $2, presort = $3, ranking_choices = $4, placements = $5,
      comments = $6, answers = $7, stage_timestamps = $8, submitted_at = $9, last_action = $10, revision = $11,
      updated_at = $12
      WHERE id = $13 AND revision = $14 RETURNING id
      """

    let values: [StatementValue]
  }

  private static func fill(_ response: SortResponse, with flow: ParticipantFlow) throws {
    response.stage = flow.stage.rawValue
    response.presortOrder = try json(flow.presortOrder)
    response.presort = try json(flow.presort)
    response.rankingChoices = try json(flow.rankingChoices)
    response.placements = try json(flow.placements)
    response.comments = try json(flow.comments)
    response.answers = try json(flow.answers)
    response.stageTimestamps = try json(flow.timestamps)
    response.submittedAt = flow.timestamps[FlowStage.submitted.rawValue]
  }
}
