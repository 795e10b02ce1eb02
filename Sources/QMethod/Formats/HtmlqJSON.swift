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
/// EQ Web Sort / Quince records (the Sheets, Netlify and local backends) list objects with `partId`,
/// `randomId`, `urlUsercode` (often "no data"), `sort` and `s0…sN`; their id is `partId`, or
/// `randomId` where `partId` repeats, else the record's position. Their grids may start at 0
/// (0…10): the scores are kept as they are and the grid inferred. Other records: the sort id is the
/// first of `"uid"`, `"usercode"`, `"id"`, `"participant"`, `"participantId"`, `"name"` that every
/// record has, non-empty and unique; failing that the record's key (keyed shape). Fields other than
/// the scores are kept as sort metadata; unusable records are reported by ``SortRecords``. Keyed
/// records are taken in key order, which for Firebase push ids is the order of submission. There are no statement texts in these exports; give them in a text file.
enum HtmlqJSON {
  /// Record fields tried, in order, for the sort id.
  static let idFields = ["uid", "usercode", "id", "participant", "participantId", "name"]

  /// One participant's record: where it came from and its `"sort"` value.
  struct Record {
    var key: String
    var object: [String: Any]
    /// Where the record is, when not in a JSON tree ("line 5" of a CSV table).
    var place: String? = nil
    var line: Int? = nil
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
    return try assemble(
      records, keyed: keyed, container: container, input: input, statementTexts: statementTexts,
      textsFileName: textsFileName, distribution: distribution)
  }

  /// The data of a collection tool's records (from JSON here, or rows of a CSV table: ``WebSortCSV``).
  static func assemble(
    _ records: [Record], keyed: Bool, container: String?, input: FormatInput, statementTexts: [String]?,
    textsFileName: String?, distribution: Distribution?
  ) throws(QMethodError) -> QSortData {
    var input = input
    let ids = sortIDs(records, keyed: keyed)
    var found: [SortRecord] = []
    found.reserveCapacity(records.count)
    for (index, record) in records.enumerated() {
      let field = record.place ?? fieldName(record, keyed: keyed, index: index, container: container)
      var entry = SortRecord(id: ids[index], place: field, line: record.line, scores: [])
      do {
        entry.scores = try scoresOf(record.object, field: field, input: input)
      } catch {
        if case .malformedInput(_, _, _, let message) = error { entry.problem = message }
      }
      for (key, value) in record.object where key != "sort" && !isScoreKey(key) {
        if let text = scalarText(value) { entry.metadata[key] = text }
      }
      found.append(entry)
    }
    var parsed = ParsedSorts()
    let kept = try SortRecords.collect(found, expectedLength: nil, into: &parsed, input: &input)
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution
    ) { sort, _ in
      (kept[sort].line, kept[sort].place)
    }
  }

  /// `s0`, `s1`, … : one field per statement, as EQ Web Sort and Quince also write the sort.
  static func isScoreKey(_ key: String) -> Bool {
    key.count >= 2 && key.first == "s" && key.dropFirst().allSatisfy(\.isASCII) && Int(key.dropFirst()) != nil
  }

  static func scalarText(_ value: Any) -> String? {
    switch value {
    case let text as String: return text
    case let number as NSNumber: return idText(number)
    default: return nil
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

  /// A participant's record: it has a `"sort"`, or `s1`, `s2`, … fields.
  static func isRecord(_ object: [String: Any]) -> Bool {
    object["sort"] != nil || object.keys.contains(where: isScoreKey)
  }

  /// The records directly inside `value`, when it is an array or object of objects with `"sort"`.
  static func records(in value: Any) -> (records: [Record], keyed: Bool)? {
    if let array = value as? [Any] {
      let found = array.enumerated().compactMap { entry -> Record? in
        guard let object = entry.element as? [String: Any], isRecord(object) else { return nil }
        return Record(key: String(entry.offset), object: object)
      }
      return found.isEmpty ? nil : (found, false)
    }
    if let object = value as? [String: Any] {
      if isRecord(object) { return nil }  // a single record is not a results file
      let found = object.keys.sorted().compactMap { key -> Record? in
        guard let record = object[key] as? [String: Any], isRecord(record) else { return nil }
        return Record(key: key, object: record)
      }
      return found.isEmpty ? nil : (found, true)
    }
    return nil
  }

  /// The sort ids. EQ Web Sort / Quince records (with `partId`): `partId`, or `randomId` where the
  /// `partId` repeats, else the record's position. Otherwise the first id field every record fills
  /// in uniquely; else the record keys (keyed shape); else the most likely field, record by record
  /// (a missing or repeated id is then reported by ``SortRecords``).
  static func sortIDs(_ records: [Record], keyed: Bool) -> [String] {
    if records.contains(where: { $0.object["partId"] != nil }) {
      let partIDs = records.map { idText($0.object["partId"]) }
      var counts: [String: Int] = [:]
      for id in partIDs { counts[id, default: 0] += 1 }
      return records.indices.map { index in
        let part = partIDs[index]
        if !part.isEmpty, part != "no data", counts[part] == 1 { return part }
        let random = idText(records[index].object["randomId"])
        return random.isEmpty ? String(index + 1) : random
      }
    }
    for field in idFields {
      let ids = records.map { idText($0.object[field]) }
      if ids.allSatisfy({ !$0.isEmpty }), Set(ids).count == ids.count { return ids }
    }
    if keyed { return records.map(\.key) }
    let field = idFields.first { name in records.contains { !idText($0.object[name]).isEmpty } }
    return records.indices.map { index in field.map { idText(records[index].object[$0]) } ?? String(index + 1) }
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

  /// The scores of one record: its `"sort"` (a pipe-separated string or an array of numbers), or
  /// else its `s0`/`s1`… fields in number order.
  static func scoresOf(_ object: [String: Any], field: String, input: FormatInput) throws(QMethodError) -> [Int] {
    if object["sort"] == nil {
      let keys = object.keys.filter(isScoreKey).sorted { Int($0.dropFirst())! < Int($1.dropFirst())! }
      return try scoresOf(keys.map { object[$0] as Any }, field: field, input: input)
    }
    return try scoresOf(object["sort"], field: field, input: input)
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
      if text.allSatisfy(\.isWhitespace) { return [] }
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
