import Foundation

/// The engine's own JSON dataset (``QDataFormat/json``):
///
/// ```json
/// {
///   "title": "lipset",
///   "distribution": {"minScore": -4, "maxScore": 4, "capacities": [2, 3, 4, 5, 5, 5, 4, 3, 2]},
///   "statements": [{"number": 1, "text": "…"}, …],
///   "sorts": [{"id": "US1", "scores": [-1, 0, …]}, …]
/// }
/// ```
///
/// `capacities` is `null` for a free distribution; `title` and a statement's `text` may be left out.
/// Reading goes through the `Codable` types below; the writer lays the file out by hand with one
/// statement and one sort per line, which keeps large files compact and diffs readable.
enum DatasetJSON {
  /// The file as `Codable`.
  struct File: Codable {
    var title: String?
    var distribution: DistributionDTO
    var statements: [StatementDTO]
    var sorts: [SortDTO]
  }

  /// A distribution as written in the file; validated through ``Distribution/init(minScore:maxScore:capacities:)``.
  struct DistributionDTO: Codable {
    var minScore: Int
    var maxScore: Int
    var capacities: [Int]?

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(minScore, forKey: .minScore)
      try container.encode(maxScore, forKey: .maxScore)
      try container.encode(capacities, forKey: .capacities)  // null for a free grid, not left out
    }
  }

  struct StatementDTO: Codable {
    var number: Int
    var text: String?
  }

  struct SortDTO: Codable {
    var id: String
    var scores: [Int]
  }

  static func read(
    _ input: FormatInput, statementTexts: [String]?, textsFileName: String?, distribution override: Distribution?
  ) throws(QMethodError) -> QSortData {
    let file: File
    do {
      file = try JSONDecoder().decode(File.self, from: Data(input.bytes))
    } catch let error as DecodingError {
      throw describe(error, input: input)
    } catch {
      throw input.error(line: nil, field: nil, "is not valid JSON: \(error.localizedDescription)")
    }
    let limit = FormatLimits.maxScoreMagnitude
    let grid = file.distribution
    guard grid.minScore.magnitude <= limit, grid.maxScore.magnitude <= limit,
      grid.capacities?.allSatisfy({ (0...FormatLimits.maxStatements).contains($0) }) ?? true
    else {
      throw input.error(
        line: nil, field: "distribution", "the distribution's scores or capacities are far outside any Q grid")
    }
    let declared: Distribution
    do {
      declared = try Distribution(minScore: grid.minScore, maxScore: grid.maxScore, capacities: grid.capacities)
    } catch {
      throw input.error(line: nil, field: "distribution", error.description)
    }
    let n = file.statements.count
    guard n > 0, n <= FormatLimits.maxStatements else {
      throw input.error(
        line: nil, field: "statements",
        "the file lists \(n) statements; a Q-set holds 1 to \(FormatLimits.maxStatements)")
    }
    var parsed = ParsedSorts(title: file.title ?? "")
    parsed.texts = file.statements.map { $0.text ?? "" }
    parsed.numbers = file.statements.map(\.number)
    parsed.declared = declared
    parsed.scores.reserveCapacity(file.sorts.count * n)
    var seen: [String: Int] = [:]
    for (index, sort) in file.sorts.enumerated() {
      guard !sort.id.isEmpty else {
        throw input.error(line: nil, field: "sorts[\(index)].id", "sort \(index + 1) has an empty id")
      }
      if let first = seen[sort.id] {
        throw input.error(
          line: nil, field: "sorts[\(index)].id",
          "sort id \"\(sort.id)\" appears twice (sorts \(first + 1) and \(index + 1)): delete one of the two, "
            + "or give one another id")
      }
      seen[sort.id] = index
      guard sort.scores.count == n else {
        throw input.error(
          line: nil, field: "sorts[\(index)].scores",
          "sort \(sort.id) has \(sort.scores.count) scores but the file lists \(n) statements")
      }
      parsed.sortIDs.append(sort.id)
      parsed.scores.append(contentsOf: sort.scores)
    }
    var numbers = Set<Int>()
    for (index, statement) in file.statements.enumerated() where !numbers.insert(statement.number).inserted {
      throw input.error(
        line: nil, field: "statements[\(index)].number", "statement number \(statement.number) appears twice")
    }
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: override
    ) { sort, statement in
      (nil, statement.map { "sorts[\(sort)].scores[\($0)]" } ?? "sorts[\(sort)]")
    }
  }

  /// A decoding error as a researcher can act on it: which key, what was expected.
  static func describe(_ error: DecodingError, input: FormatInput) -> QMethodError {
    func path(_ keys: [any CodingKey]) -> String {
      keys.reduce(into: "") { path, key in
        if let index = key.intValue {
          path += "[\(index)]"
        } else {
          path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
      }
    }
    switch error {
    case .keyNotFound(let key, let context):
      let field = path(context.codingPath + [key])
      return input.error(line: nil, field: field, "the key \"\(key.stringValue)\" is missing")
    case .typeMismatch(let type, let context):
      return input.error(line: nil, field: path(context.codingPath), "expected \(describe(type)) here")
    case .valueNotFound(let type, let context):
      return input.error(line: nil, field: path(context.codingPath), "expected \(describe(type)), found null")
    case .dataCorrupted(let context):
      let field = context.codingPath.isEmpty ? nil : path(context.codingPath)
      return input.error(line: nil, field: field, "is not valid JSON: \(context.debugDescription)")
    @unknown default:
      return input.error(line: nil, field: nil, "is not a POETQ dataset: \(error)")
    }
  }

  static func describe(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type: return "a whole number"
    case is String.Type: return "a string"
    case is [Any].Type: return "an array"
    default: return "\(type)".contains("Array") ? "an array" : "an object"
    }
  }

  static func encode(_ data: QSortData) -> Data {
    var out = ByteWriter()
    out.append("{\n  \"title\": ")
    appendString(data.title, to: &out)
    out.append(",\n  \"distribution\": {\"minScore\": ")
    out.append(data.distribution.minScore)
    out.append(", \"maxScore\": ")
    out.append(data.distribution.maxScore)
    out.append(", \"capacities\": ")
    if let capacities = data.distribution.capacities {
      appendArray(capacities, to: &out)
    } else {
      out.append("null")
    }
    out.append("},\n  \"statements\": [")
    for (index, statement) in data.statements.enumerated() {
      out.append(index == 0 ? "\n    {\"number\": " : ",\n    {\"number\": ")
      out.append(statement.number)
      out.append(", \"text\": ")
      appendString(statement.text, to: &out)
      out.append(byte: 0x7D)
    }
    out.append("\n  ],\n  \"sorts\": [")
    for sort in 0..<data.sortCount {
      out.append(sort == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ")
      appendString(data.sortIDs[sort], to: &out)
      out.append(", \"scores\": ")
      appendArray(data.sort(sort), to: &out)
      out.append(byte: 0x7D)
    }
    out.append(data.sortCount == 0 ? "]\n}\n" : "\n  ]\n}\n")
    return out.data
  }

  static func appendArray(_ values: some Collection<Int>, to out: inout ByteWriter) {
    out.append(byte: 0x5B)
    for (index, value) in values.enumerated() {
      if index > 0 { out.append(", ") }
      out.append(value)
    }
    out.append(byte: 0x5D)
  }

  /// Appends a JSON string literal (RFC 8259 escaping).
  static func appendString(_ text: String, to out: inout ByteWriter) {
    out.append(byte: 0x22)
    for byte in text.utf8 {
      switch byte {
      case 0x22: out.append("\\\"")
      case 0x5C: out.append("\\\\")
      case 0x0A: out.append("\\n")
      case 0x0D: out.append("\\r")
      case 0x09: out.append("\\t")
      case 0x00..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        out.append("\\u00")
        out.append(byte: hex[Int(byte >> 4)])
        out.append(byte: hex[Int(byte & 0x0F)])
      default: out.append(byte: byte)
      }
    }
    out.append(byte: 0x22)
  }
}
