import Foundation

/// Results exported from online Q-sort tools: easy-htmlq, EQ Web Sort, Quince (read only).
///
/// Each participant is a JSON object whose `"sort"` holds the scores in statement order, as a
/// pipe-separated string (`"-2|1|0|+3|…"`) or as an array of numbers. The records come
/// - keyed by record id, the shape of a Firebase Realtime Database export, which easy-htmlq and
///   EQ Web Sort write to (`rootRef.push(results)`): `{"-KwFKidh4OKGlt8nak4A": {"sort": …}, …}`;
/// - as an array of such objects: `[{"uid": "p1", "sort": …}, …]`;
/// - or either of these one level down, e.g. `{"participants": {…}}` or a Firebase export of the
///   whole database `{"<project>": {…}}`.
///
/// Shapes verified against the readers of KADE (`convertJSONToData.js`: object keyed by record id,
/// `sort.split("|")`) and of the R package bayesqm (`try_firebase_json`: push-id keyed entries with a
/// pipe-delimited `"sort"`, leading `+` allowed). Objects without `"sort"` (settings, counters) are
/// skipped.
///
/// The sort id is the first of `"uid"`, `"usercode"`, `"id"`, `"participant"`, `"participantId"`,
/// `"name"` that every record has, non-empty and unique; failing that the record's key (keyed
/// shape), else an error. Keyed records are taken in key order, which for Firebase push ids is the
/// order of submission. There are no statement texts in these exports; give them in a text file.
enum HtmlqJSON {
  /// Record fields tried, in order, for the sort id.
  static let idFields = ["uid", "usercode", "id", "participant", "participantId", "name"]

  /// One participant's record: where it came from and its `"sort"` value.
  struct Record {
    var key: String
    var object: [String: Any]
  }

  static func read(
    _ input: FormatInput, statementTexts: [String]?, textsFileName: String?, distribution: Distribution?
  ) throws(QMethodError) -> QSortData {
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: Data(input.bytes), options: [.fragmentsAllowed])
    } catch {
      throw input.error(line: nil, field: nil, "is not valid JSON: \(error.localizedDescription)")
    }
    let (records, keyed, container) = try findRecords(root, input: input)
    let ids = try sortIDs(records, keyed: keyed, container: container, input: input)

    var parsed = ParsedSorts()
    var n = 0
    for (index, record) in records.enumerated() {
      let field = fieldName(record, keyed: keyed, index: index, container: container)
      let scores = try scoresOf(record.object["sort"], field: field, input: input)
      if index == 0 {
        n = scores.count
        guard n >= 2, n <= FormatLimits.maxStatements else {
          throw input.error(
            line: nil, field: field,
            "the first sort has \(n) scores; a Q-set holds 2 to \(FormatLimits.maxStatements) statements")
        }
        parsed.scores.reserveCapacity(records.count * n)
      } else if scores.count != n {
        throw input.error(
          line: nil, field: field,
          "sort \(ids[index]) has \(scores.count) scores but the first sort has \(n); every participant must sort the same statements"
        )
      }
      parsed.scores.append(contentsOf: scores)
    }
    parsed.sortIDs = ids
    parsed.texts = Array(repeating: "", count: n)
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution
    ) { sort, _ in
      (nil, fieldName(records[sort], keyed: keyed, index: sort, container: container))
    }
  }

  /// The participant records in `root`, whether they are keyed or listed, and the key they sit
  /// under when nested one level down.
  static func findRecords(_ root: Any, input: FormatInput) throws(QMethodError) -> ([Record], Bool, String?) {
    if let found = records(in: root) { return (found.records, found.keyed, nil) }
    if let object = root as? [String: Any] {
      let nested = object.keys.sorted().compactMap { key in records(in: object[key] as Any).map { (key, $0) } }
      if nested.count == 1, let (key, found) = nested.first { return (found.records, found.keyed, key) }
      if nested.count > 1 {
        throw input.error(
          line: nil, field: nil,
          "participant records sit under several keys (\(nested.map { "\"\($0.0)\"" }.joined(separator: ", "))); export one study at a time"
        )
      }
    }
    throw input.error(
      line: nil, field: nil,
      "no participant object with a \"sort\" field was found; expected an easy-htmlq / EQ Web Sort export")
  }

  /// The records directly inside `value`, when it is an array or object of objects with `"sort"`.
  static func records(in value: Any) -> (records: [Record], keyed: Bool)? {
    if let array = value as? [Any] {
      let found = array.enumerated().compactMap { entry -> Record? in
        guard let object = entry.element as? [String: Any], object["sort"] != nil else { return nil }
        return Record(key: String(entry.offset), object: object)
      }
      return found.isEmpty ? nil : (found, false)
    }
    if let object = value as? [String: Any] {
      if object["sort"] != nil { return nil }  // a single record is not a results file
      let found = object.keys.sorted().compactMap { key -> Record? in
        guard let record = object[key] as? [String: Any], record["sort"] != nil else { return nil }
        return Record(key: key, object: record)
      }
      return found.isEmpty ? nil : (found, true)
    }
    return nil
  }

  /// The sort ids: the first id field every record fills in uniquely; else the record keys.
  static func sortIDs(_ records: [Record], keyed: Bool, container: String?, input: FormatInput) throws(QMethodError)
    -> [String]
  {
    for field in idFields {
      let ids = records.map { idText($0.object[field]) }
      if ids.allSatisfy({ !$0.isEmpty }), Set(ids).count == ids.count { return ids }
    }
    if keyed { return records.map(\.key) }
    // A list without usable ids: report the first duplicate or missing id of the most likely field.
    let field = idFields.first { name in records.contains { !idText($0.object[name]).isEmpty } } ?? "uid"
    var seen: [String: Int] = [:]
    for (index, record) in records.enumerated() {
      let id = idText(record.object[field])
      let place = fieldName(record, keyed: false, index: index, container: container)
      guard !id.isEmpty else {
        throw input.error(line: nil, field: place, "the record has no \"\(field)\" to identify the participant")
      }
      if let first = seen[id] {
        throw input.error(
          line: nil, field: place, "sort id \"\(id)\" appears twice (records \(first + 1) and \(index + 1))")
      }
      seen[id] = index
    }
    return records.map { idText($0.object[field]) }
  }

  static func idText(_ value: Any?) -> String {
    switch value {
    case let text as String: return text.trimmingCharacters(in: .whitespaces)
    case let number as NSNumber:
      if let integer = Int(exactly: number.doubleValue) { return String(integer) }
      return number.stringValue
    default: return ""
    }
  }

  /// How a record is named in errors: `"participants"["-Kx…"]`, or `[3]` for a list.
  static func fieldName(_ record: Record, keyed: Bool, index: Int, container: String?) -> String {
    let place = keyed ? "record \"\(record.key)\"" : "record \(index + 1)"
    return container.map { "\($0): \(place)" } ?? place
  }

  /// The scores of one `"sort"` value: a pipe-separated string or an array of numbers.
  static func scoresOf(_ value: Any?, field: String, input: FormatInput) throws(QMethodError) -> [Int] {
    func score(_ text: Substring, position: Int) throws(QMethodError) -> Int {
      let bytes = Array(text.utf8)
      guard let value = FormatSupport.parseInteger(bytes, 0..<bytes.count),
        value.magnitude <= FormatLimits.maxScoreMagnitude
      else {
        throw input.error(
          line: nil, field: field,
          "score \(position) of \"sort\" is \"\(text.prefix(24))\", not a whole number")
      }
      return value
    }
    if let text = value as? String {
      let parts = text.split(separator: "|", omittingEmptySubsequences: false)
      guard parts.count <= FormatLimits.maxStatements else {
        throw input.error(
          line: nil, field: field, "\"sort\" holds more than \(FormatLimits.maxStatements) scores")
      }
      var scores: [Int] = []
      scores.reserveCapacity(parts.count)
      for (index, part) in parts.enumerated() { scores.append(try score(part, position: index + 1)) }
      return scores
    }
    if let array = value as? [Any] {
      guard array.count <= FormatLimits.maxStatements else {
        throw input.error(line: nil, field: field, "\"sort\" holds more than \(FormatLimits.maxStatements) scores")
      }
      var scores: [Int] = []
      for (index, element) in array.enumerated() {
        if let number = element as? NSNumber, let value = Int(exactly: number.doubleValue),
          value.magnitude <= FormatLimits.maxScoreMagnitude
        {
          scores.append(value)
        } else if let text = element as? String {
          scores.append(try score(Substring(text), position: index + 1))
        } else {
          throw input.error(line: nil, field: field, "score \(index + 1) of \"sort\" is not a whole number")
        }
      }
      return scores
    }
    throw input.error(
      line: nil, field: field, "\"sort\" must be a string of scores separated by | or an array of numbers")
  }
}
