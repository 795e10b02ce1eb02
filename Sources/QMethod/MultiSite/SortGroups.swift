import Foundation

/// Which site each sort belongs to, and any other group columns (role, profession, …), read from a
/// groups file with the header `sort,site[,column…]` or built by a caller that knows its sorts.
public struct SortGroups: Sendable, Equatable, Codable {
  /// Each sort's site, by sort id.
  public var site: [String: String]
  /// The sites in the order they first appear (the order of every table).
  public var sites: [String]
  /// The other columns' names, in file order (e.g. `["role"]`).
  public var columns: [String]
  /// Per sort id, each other column's value; a blank cell is left out.
  public var values: [String: [String: String]]
  /// The 1-based line of each sort in the groups file, for error messages (empty when not read from a file).
  public var lines: [String: Int]
  /// The name used in error messages ("GROUPS.csv", or "the groups").
  public var source: String

  /// Groups built from plain values.
  /// - Parameters:
  ///   - site: each sort's site.
  ///   - sites: the order of the sites (a listed site without sorts is an error when compared); sites
  ///     not listed follow, by name (numbers in names compare as numbers).
  ///   - values: other columns by sort id, e.g. `["A1": ["role": "Director"]]`.
  public init(
    site: [String: String], sites: [String]? = nil, columns: [String] = [], values: [String: [String: String]] = [:],
    source: String = "the groups"
  ) {
    self.site = site
    let unlisted = Set(site.values).subtracting(sites ?? [])
    self.sites = (sites ?? []) + unlisted.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    self.columns = columns
    self.values = values
    self.lines = [:]
    self.source = source
  }

  /// The sort ids of one site, in the order of `sortIDs` (the data's order).
  public func sorts(at site: String, in sortIDs: [String]) -> [String] {
    sortIDs.filter { self.site[$0] == site }
  }

  /// Reads a groups file: a header with `sort` and `site` (any case, any order) and optionally more
  /// columns; one row per sort. Comma, semicolon or tab separated.
  /// - Throws: ``QMethodError/malformedInput(file:line:field:message:)`` naming the line and column of
  ///   a missing header column, an empty sort id or site, a sort listed twice or a short row.
  public static func read(csv data: Data, fileName: String) throws(QMethodError) -> SortGroups {
    let rows = try CSVTable.rows(data: data, fileName: fileName)
    guard let header = rows.first else {
      throw .malformedInput(
        file: fileName, line: nil, field: nil, message: "the file is empty; expected a header sort,site")
    }
    let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
    let lowered = names.map { $0.lowercased() }
    guard let sortColumn = lowered.firstIndex(of: "sort"), let siteColumn = lowered.firstIndex(of: "site") else {
      throw .malformedInput(
        file: fileName, line: header.line, field: nil,
        message: "the header must name the columns sort and site (found: \(names.joined(separator: ", ")))")
    }
    for (index, name) in names.enumerated() where name.isEmpty {
      throw .malformedInput(
        file: fileName, line: header.line, field: "column \(index + 1)", message: "a column has no name")
    }
    let others = names.indices.filter { $0 != sortColumn && $0 != siteColumn }
    var groups = SortGroups(site: [:], source: fileName)
    groups.columns = others.map { names[$0] }
    var order: [String] = []
    for row in rows.dropFirst() {
      guard row.cells.count <= names.count else {
        throw .malformedInput(
          file: fileName, line: row.line, field: nil,
          message: "\(row.cells.count) cells for \(names.count) columns")
      }
      let cell = { (column: Int) in
        column < row.cells.count ? row.cells[column].trimmingCharacters(in: .whitespaces) : ""
      }
      let sort = cell(sortColumn)
      guard !sort.isEmpty else {
        throw .malformedInput(file: fileName, line: row.line, field: names[sortColumn], message: "the sort id is empty")
      }
      if let first = groups.lines[sort] {
        throw .malformedInput(
          file: fileName, line: row.line, field: names[sortColumn],
          message: "sort \"\(sort)\" is listed twice (first on line \(first))")
      }
      let site = cell(siteColumn)
      guard !site.isEmpty else {
        throw .malformedInput(
          file: fileName, line: row.line, field: names[siteColumn], message: "sort \"\(sort)\" has no site")
      }
      groups.site[sort] = site
      groups.lines[sort] = row.line
      if !order.contains(site) { order.append(site) }
      var values: [String: String] = [:]
      for column in others where !cell(column).isEmpty { values[names[column]] = cell(column) }
      if !values.isEmpty { groups.values[sort] = values }
    }
    guard !groups.site.isEmpty else {
      throw .malformedInput(file: fileName, line: nil, field: nil, message: "the file lists no sorts")
    }
    groups.sites = order
    return groups
  }

  /// Checks that every sort of the data has a site and that the groups name no other sort.
  /// - Throws: ``QMethodError/malformedInput(file:line:field:message:)`` naming the unknown sorts (with
  ///   the line of the first) or the sorts left out.
  public func validate(sortIDs: [String]) throws(QMethodError) {
    let known = Set(sortIDs)
    let unknown = site.keys.filter { !known.contains($0) }.sorted { (lines[$0] ?? 0, $0) < (lines[$1] ?? 0, $1) }
    if let first = unknown.first {
      throw .malformedInput(
        file: source, line: lines[first], field: "sort",
        message: "\(Self.list(unknown)) \(unknown.count == 1 ? "is" : "are") not in the data")
    }
    let missing = sortIDs.filter { site[$0] == nil }
    if !missing.isEmpty {
      throw .malformedInput(
        file: source, line: nil, field: "sort",
        message:
          "\(missing.count == 1 ? "sort" : "sorts") \(Self.list(missing, noun: false)) of the data \(missing.count == 1 ? "has" : "have") no site here"
      )
    }
  }

  /// "sorts X, Y, Z and 4 more".
  static func list(_ ids: [String], noun: Bool = true) -> String {
    let shown = ids.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
    let more = ids.count > 10 ? " and \(ids.count - 10) more" : ""
    return (noun ? (ids.count == 1 ? "sort " : "sorts ") : "") + shown + more
  }
}
