import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit

/// A statement that participants' requests run all the time, written once with PostgreSQL's
/// numbered placeholders (`$1`, `$2`, …).
///
/// On PostgreSQL it runs as a named prepared statement: each connection parses and plans it once and
/// learns its row description once, where Fluent's statements are unnamed and pay for all three on
/// every execution (issue 26: the backends' parsing and planning, and the client's decoding of a row
/// description per statement, were most of what PostgreSQL cost beyond SQLite). Elsewhere the same
/// text runs through SQLKit with the same values bound. Either way the rows come back as SQLKit rows,
/// so the code that reads them is shared.
///
/// The text is fixed at the first execution on a connection, `*` included: a migration that changes
/// a table it reads needs the instances restarted, as every upgrade does (docs/operations.md).
protocol NumberedStatement: PostgresPreparedStatement where Row == PostgresRow {
  /// The values for `$1`, `$2`, … in order.
  var values: [StatementValue] { get }
}

/// A value bound to a ``NumberedStatement``.
enum StatementValue: Sendable {
  case text(String)
  case integer(Int)
  case real(Double)
  case id(UUID)
  case time(Date?)

  /// The value as SQLKit binds it.
  var encodable: any Encodable & Sendable {
    switch self {
    case .text(let value): value
    case .integer(let value): value
    case .real(let value): value
    case .id(let value): value
    case .time(let value): value
    }
  }
}

extension NumberedStatement {
  func makeBindings() throws -> PostgresBindings {
    var bindings = PostgresBindings(capacity: values.count)
    for value in values {
      switch value {
      case .text(let value): bindings.append(value)
      case .integer(let value): bindings.append(value)
      case .real(let value): bindings.append(value)
      case .id(let value): bindings.append(value)
      case .time(let value): bindings.append(value)
      }
    }
    return bindings
  }

  func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }

  /// Runs the statement on `db` (a transaction's connection when `db` is one) and returns its rows.
  func rows(on db: any Database) async throws -> [any SQLRow] {
    if let postgres = db as? any PostgresDatabase {
      // The line SQLKit logs for every statement, so that statement counts and query logs still
      // see this one (never its values: they hold codes and answers).
      db.logger.debug("Executing query", metadata: ["sql": "\(Self.sql)"])
      let logger = db.logger
      let rows = try await postgres.withConnection { connection in
        connection.eventLoop.makeFutureWithTask {
          var rows: [PostgresRow] = []
          for try await row in try await connection.execute(self, logger: logger) { rows.append(row) }
          return rows
        }
      }.get()
      return rows.map { $0.sql() }
    }
    guard let sql = db as? any SQLDatabase else {
      throw ServerFault("\(Self.self) needs an SQL database.")
    }
    return try await sql.raw(Self.query(values)).all()
  }

  /// The text with each `$n` bound to the n-th value, for SQLKit.
  static func query(_ values: [StatementValue]) -> SQLQueryString {
    var query = SQLQueryString("")
    var rest = Substring(sql)
    while let dollar = rest.firstIndex(of: "$") {
      query.appendLiteral(String(rest[..<dollar]))
      let digits = rest[rest.index(after: dollar)...].prefix(while: \.isASCII).prefix(while: \.isNumber)
      if let number = Int(digits), values.indices.contains(number - 1) {
        query.appendInterpolation(bind: values[number - 1].encodable)
      } else {
        query.appendLiteral("$\(digits)")
      }
      rest = rest[digits.endIndex...]
    }
    query.appendLiteral(String(rest))
    return query
  }
}
