/// How `convert` writes sort ids that a format cannot hold as they are (PQMethod keeps 8 bytes).
public enum SortIDStyle: String, Sendable, CaseIterable {
  /// Keep every id as it is (writing a `.DAT` refuses ids over 8 bytes).
  case keep
  /// Shorten ids over the limit to their first characters, made unique with a number at the end,
  /// as KADE does for Ken-Q / Firebase push ids (`-KwFKidh4OKGlt8nak4A` → `-KwFKidh`).
  case shorten
  /// Number the sorts 1, 2, 3, … in file order.
  case number
}

extension QSortData {
  /// Rewrites the sort ids in `style`, each at most `limit` UTF-8 bytes, all unique.
  /// - Returns: the ids changed, old → new, in sort order (print them: the mapping is the only
  ///   link back to the original records).
  public mutating func rewriteSortIDs(_ style: SortIDStyle, limit: Int = 8) -> [(old: String, new: String)] {
    let old = sortIDs
    switch style {
    case .keep: return []
    case .number: sortIDs = old.indices.map { String($0 + 1) }
    case .shorten:
      var used = Set(old.filter { $0.utf8.count <= limit })
      sortIDs = old.map { id in
        guard id.utf8.count > limit else { return id }
        let base = Self.prefix(id, bytes: limit)
        if used.insert(base).inserted { return base }
        var counter = 2
        while true {
          let suffix = "_\(counter)"
          let candidate = Self.prefix(id, bytes: limit - suffix.utf8.count) + suffix
          if used.insert(candidate).inserted { return candidate }
          counter += 1
        }
      }
    }
    let changes = zip(old, sortIDs).filter { $0 != $1 }.map { (old: $0.0, new: $0.1) }
    let renamed = Dictionary(changes.map { ($0.old, $0.new) }, uniquingKeysWith: { first, _ in first })
    sortMetadata = Dictionary(
      sortMetadata.map { (renamed[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    return changes
  }

  /// The longest prefix of whole characters within `bytes` UTF-8 bytes.
  static func prefix(_ text: String, bytes: Int) -> String {
    var result = ""
    for character in text {
      guard result.utf8.count + String(character).utf8.count <= bytes else { break }
      result.append(character)
    }
    return result
  }
}
