import Foundation
import POETQKit
import QMethod
import Testing

/// The interpretation aids checked against computations made here from the result's matrices
/// (z-scores and arrays are the engine's, verified in QMethodTests; tolerance 1e-12 for means).
@Suite("Factor interpretation aids")
struct FactorAidsTests {
  static let input = ReportFixture.input
  static let result = input.result
  static let aids = FactorAids.all(input)
  static let factors = 0..<result.factorLabels.count

  func z(_ row: Int, _ f: Int) -> Double { Self.result.zScores[row][f]! }
  func score(_ row: Int, _ f: Int) -> Int { Self.result.factorArrays[row][f]! }

  @Test("the grid holds every statement once, in its array score's column, highest z on top, columns full")
  func grid() {
    for f in Self.factors {
      let grid = Self.aids[f].grid
      #expect(grid.map(\.score) == Array(-4...4))
      #expect(grid.map(\.capacity) == [2, 3, 4, 6, 10, 6, 4, 3, 2])
      #expect(grid.allSatisfy { $0.statements.count == $0.capacity })
      #expect(grid.flatMap { $0.statements.map(\.number) }.sorted() == Self.result.statements)
      for column in grid {
        for statement in column.statements {
          let row = Self.result.statements.firstIndex(of: statement.number)!
          #expect(score(row, f) == column.score)
        }
        let zs = column.statements.map { $0.z! }
        #expect(zs == zs.sorted(by: >))
      }
      #expect(grid.last?.label == "Most agree")
    }
  }

  @Test("characteristic statements are the six highest and six lowest z-scores")
  func characteristic() {
    for f in Self.factors {
      let order = Self.result.statements.indices.sorted { z($0, f) > z($1, f) }
      #expect(Self.aids[f].mostAgree.map(\.number) == order.prefix(6).map { Self.result.statements[$0] })
      #expect(Self.aids[f].mostDisagree.map(\.number) == order.reversed().prefix(6).map { Self.result.statements[$0] })
    }
  }

  @Test("distinguishing statements carry the sign of z_j − z_m and each pair's own significance")
  func distinguishing() {
    var checked = 0
    for f in Self.factors {
      for item in Self.aids[f].distinguishing {
        let row = Self.result.statements.firstIndex(of: item.statement.number)!
        #expect(item.comparisons.count == Self.result.factorLabels.count - 1)
        for comparison in item.comparisons {
          let m = comparison.other.factor - 1
          let difference = z(row, f) - z(row, m)
          #expect(comparison.direction == (difference >= 0 ? .higher : .lower))
          let sed =
            (pow(Self.result.characteristics[f].seFactorScores, 2)
            + pow(Self.result.characteristics[m].seFactorScores, 2)).squareRoot()
          let expected: FactorAids.Significance? =
            abs(difference) >= 2.575 * sed ? .p01 : abs(difference) >= 1.96 * sed ? .p05 : nil
          #expect(comparison.significance == expected)
          // PQMethod's rule: a distinguishing statement differs from every other factor at its level.
          #expect(comparison.significance != nil)
          checked += 1
        }
      }
    }
    #expect(checked > 0, "the demo has distinguishing statements")
  }

  @Test("the crib sheet: extremes, and higher or lower than in every other factor, each statement once")
  func crib() {
    for f in Self.factors {
      let crib = Self.aids[f].crib
      let others = Self.factors.filter { $0 != f }
      var expected: [String: Set<Int>] = ["highest": [], "higher": [], "lower": [], "lowest": []]
      for row in Self.result.statements.indices {
        let number = Self.result.statements[row]
        let mine = score(row, f)
        if mine == 4 {
          expected["highest"]!.insert(number)
        } else if mine == -4 {
          expected["lowest"]!.insert(number)
        } else if others.allSatisfy({ mine > score(row, $0) }) {
          expected["higher"]!.insert(number)
        } else if others.allSatisfy({ mine < score(row, $0) }) {
          expected["lower"]!.insert(number)
        }
      }
      #expect(Set(crib.highest.map(\.statement.number)) == expected["highest"])
      #expect(Set(crib.higher.map(\.statement.number)) == expected["higher"])
      #expect(Set(crib.lower.map(\.statement.number)) == expected["lower"])
      #expect(Set(crib.lowest.map(\.statement.number)) == expected["lowest"])
      #expect(crib.highest.count == 2 && crib.lowest.count == 2)
    }
  }

  @Test("neutral here (|score| ≤ 1) where another factor scores ±3 or ±4; consensus from the engine")
  func neutralAndConsensus() {
    for f in Self.factors {
      let expected = Self.result.statements.indices.filter { row in
        abs(score(row, f)) <= 1 && Self.factors.contains { $0 != f && abs(score(row, $0)) >= 3 }
      }.map { Self.result.statements[$0] }
      #expect(Self.aids[f].neutralWhereOthersStrong.map(\.statement.number) == expected)
      #expect(Self.aids[f].consensus.map(\.statement.number) == Self.result.consensus)
    }
  }

  @Test("exemplars by |loading|, ≥ 0.70 marked, with their site, answers and comments")
  func exemplars() throws {
    for f in Self.factors {
      let exemplars = Self.aids[f].exemplars
      let flagged = Self.result.sorts.indices.filter { Self.result.flags[$0][f] }
      #expect(Set(exemplars.map(\.sort)) == Set(flagged.map { Self.result.sorts[$0] }))
      #expect(exemplars.map { abs($0.loading) } == exemplars.map { abs($0.loading) }.sorted(by: >))
      for exemplar in exemplars {
        let sort = try #require(Self.input.sorts.first { $0.sortID == exemplar.sort })
        #expect(exemplar.isStrong == (abs(exemplar.loading) >= 0.70))
        #expect(exemplar.site == sort.site)
        #expect(Set(exemplar.comments.map(\.statement)) == Set(sort.comments.keys))
        #expect(exemplar.comments.map { $0.score ?? 0 } == exemplar.comments.map { $0.score ?? 0 }.sorted(by: >))
        #expect(
          exemplar.answers.first?.question
            == ReportFixture.template.questions.first { sort.answers[$0.key] != nil }?.prompt)
      }
    }
    #expect(Self.aids.contains { $0.exemplars.contains(where: \.isStrong) })
  }

  @Test("the code profile is the mean z of the statements carrying each code")
  func codeProfile() {
    #expect(Set(Self.input.profileCodes) == ["People", "Partnership", "Professional", "Productivity"])
    #expect(Self.input.codes.count > 4, "the themes are codes too, left out of the profile")
    for f in Self.factors {
      for item in Self.aids[f].codeProfile {
        let codes = Dictionary(uniqueKeysWithValues: ReportFixture.template.statements.map { ($0.number, $0.codes) })
        let rows = Self.result.statements.indices.filter { codes[Self.result.statements[$0]]!.contains(item.code) }
        let mean = rows.map { z($0, f) }.reduce(0, +) / Double(rows.count)
        #expect(item.statements == rows.count)
        #expect(abs(item.meanZ! - mean) < 1e-12)
      }
    }
  }
}
