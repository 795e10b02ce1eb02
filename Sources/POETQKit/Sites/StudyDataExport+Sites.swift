import Foundation
import QMethod

extension StudyDataExport {
  /// Each sort's site, and the answers to `columns` (question keys such as "role"), as the groups
  /// of a multi-site comparison (``MultiSite/compare(_:groups:options:progress:)``).
  /// - Parameters:
  ///   - sites: the study's sites in their order (a site without sorts is left out).
  ///   - columns: question keys whose answers become group columns (several answers joined by "; ").
  public func sortGroups(sites: [String], columns: [String] = []) -> SortGroups {
    let present = Set(sorts.map(\.site))
    var groups = SortGroups(
      site: Dictionary(sorts.map { ($0.sortID, $0.site) }, uniquingKeysWith: { first, _ in first }),
      sites: sites.filter(present.contains), columns: columns)
    for sort in sorts {
      var values: [String: String] = [:]
      for column in columns {
        let answer = (sort.answers[column] ?? []).joined(separator: "; ").trimmingCharacters(in: .whitespaces)
        if !answer.isEmpty { values[column] = answer }
      }
      if !values.isEmpty { groups.values[sort.sortID] = values }
    }
    return groups
  }

  /// The groups file `poetq sites --groups` reads: `sort,site` and one column per question key in
  /// `columns`, one row per sort. Sort ids are written exactly as the data files carry them; the other text
  /// cells are guarded against formula injection.
  public func groupsCSV(columns: [String] = []) -> Data {
    var out = SpreadsheetCSV.line(["sort", "site"] + columns.map(SpreadsheetCSV.text))
    for sort in sorts {
      out += SpreadsheetCSV.line(
        [SpreadsheetCSV.quoted(sort.sortID), SpreadsheetCSV.text(sort.site)]
          + columns.map { SpreadsheetCSV.text((sort.answers[$0] ?? []).joined(separator: "; ")) })
    }
    return Data(out.utf8)
  }
}
