import Foundation
import Testing

@testable import QMethod

/// The groups file of `poetq sites`: header `sort,site[,…]`, one row per sort, and one clear error
/// naming the line and column (or the sorts) for every kind of bad file.
@Suite("Sort groups")
struct SortGroupsTests {
  static func read(_ text: String) throws(QMethodError) -> SortGroups {
    try SortGroups.read(csv: Data(text.utf8), fileName: "groups.csv")
  }

  static func message(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return (error as? QMethodError)?.description ?? "\(error)"
    }
  }

  @Test("reads sites in file order and other columns, in any column order and case")
  func reads() throws {
    let groups = try Self.read("Role,SITE,sort\nDirector,B,b1\n,A,a1\nNurse,B,b2\n")
    #expect(groups.sites == ["B", "A"])
    #expect(groups.site == ["b1": "B", "a1": "A", "b2": "B"])
    #expect(groups.columns == ["Role"])
    #expect(groups.values == ["b1": ["Role": "Director"], "b2": ["Role": "Nurse"]])
    #expect(groups.lines["b2"] == 4)
    #expect(groups.sorts(at: "B", in: ["a1", "b2", "b1"]) == ["b2", "b1"])
  }

  @Test("refuses a bad file naming the line and column")
  func refuses() {
    #expect(Self.message { _ = try Self.read("id,site\nx,A\n") }?.contains("groups.csv, line 1") == true)
    #expect(
      Self.message { _ = try Self.read("sort,site\nx,A\nx,B\n") }
        == "groups.csv, line 3, sort: sort \"x\" is listed twice (first on line 2)")
    #expect(Self.message { _ = try Self.read("sort,site\nx,\n") } == "groups.csv, line 2, site: sort \"x\" has no site")
    #expect(Self.message { _ = try Self.read("sort,site\n,A\n") } == "groups.csv, line 2, sort: the sort id is empty")
    #expect(Self.message { _ = try Self.read("sort,site\nx,A,extra\n") }?.contains("line 2") == true)
    #expect(Self.message { _ = try Self.read("sort,site\n") }?.contains("lists no sorts") == true)
  }

  @Test("names the sorts the data does not have, and those the groups leave out")
  func validates() throws {
    let groups = try Self.read("sort,site\na,A\nb,A\nzz,B\n")
    #expect(
      Self.message { try groups.validate(sortIDs: ["a", "b"]) }
        == "groups.csv, line 4, sort: sort \"zz\" is not in the data")
    #expect(
      Self.message { try groups.validate(sortIDs: ["a", "b", "zz", "c", "d"]) }
        == "groups.csv, sort: sorts \"c\", \"d\" of the data have no site here")
    #expect(Self.message { try groups.validate(sortIDs: ["a", "b", "zz"]) } == nil)
  }
}
