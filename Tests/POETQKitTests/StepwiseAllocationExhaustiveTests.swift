import Foundation
import POETQKit
import Testing

/// The stepwise rule on every grid of a generated family, every presort split and three simulated
/// participants; `firstBrokenInvariant` lists what is checked at each step.
@Suite("Stepwise ranking, exhaustively")
struct StepwiseAllocationExhaustiveTests {
  /// How far the family goes for each column count, so that it stays within a few seconds in a
  /// debug build: the largest capacity per column; whether every (grid, split) runs with all three
  /// participants or with one of them in turn (each participant still meets every kind of grid);
  /// and, for 7 columns, only the layouts with a 0 column (grids without one are covered up to 6
  /// columns, and by 0 columns of capacity 0). About 50,000 runs in all.
  static func reach(columnCount: Int) -> (maxCapacity: Int, allChoosers: Bool, onlyThroughZero: Bool) {
    switch columnCount {
    case ...2: return (3, true, false)
    case 3: return (2, true, false)
    case 4: return (2, false, false)
    case 5: return (1, true, false)
    case 6: return (1, false, false)
    default: return (1, false, true)
    }
  }

  @Test(
    "every grid of the family, every (agree, neutral, disagree) split, three participants: valid grid, rule kept",
    arguments: 1...7)
  func everyGridEverySplit(columnCount: Int) {
    let (maxCapacity, allChoosers, onlyThroughZero) = Self.reach(columnCount: columnCount)
    let grids = GridFamily.grids(columnCount: columnCount, maxCapacity: maxCapacity).filter {
      !onlyThroughZero || $0.scores.contains(0)
    }
    var runs = 0
    var failures: [String] = []
    for (gridIndex, grid) in grids.enumerated() {
      let statements = GridFamily.statements(count: grid.totalCapacity)
      for (splitIndex, piles) in GridFamily.pileSplits(of: statements).enumerated() {
        let choosers =
          allChoosers ? Chooser.allCases : [Chooser.allCases[(gridIndex + splitIndex) % Chooser.allCases.count]]
        for chooser in choosers {
          runs += 1
          let seed = UInt64(columnCount) << 40 | UInt64(gridIndex) << 20 | UInt64(splitIndex)
          if let failure = firstBrokenInvariant(grid: grid, piles: piles, chooser: chooser, seed: seed) {
            failures.append(failure)
          }
        }
      }
    }
    #expect(runs > 0)
    #expect(failures.isEmpty, "\(failures.count) of \(runs) runs broke the rule, first: \(failures.prefix(3))")
  }

  @Test("small grids: every assignment of statements to piles, with undo, replay and storage checked at each choice")
  func everyAssignmentOnSmallGrids() {
    var runs = 0
    var failures: [String] = []
    for columnCount in 1...3 {
      for grid in GridFamily.grids(columnCount: columnCount, maxCapacity: 2) where grid.totalCapacity <= 5 {
        let statements = GridFamily.statements(count: grid.totalCapacity)
        for (index, piles) in GridFamily.pileAssignments(of: statements).enumerated() {
          runs += 1
          let seed = UInt64(runs) << 8 | UInt64(index)
          if let failure = firstBrokenInvariant(
            grid: grid, piles: piles, chooser: .seededRandom, seed: seed, checkUndoAndStorage: true)
          {
            failures.append(failure)
          }
        }
      }
    }
    #expect(runs > 1000)
    #expect(failures.isEmpty, "\(failures.count) of \(runs) runs broke the rule, first: \(failures.prefix(3))")
  }

  @Test("the POETQ grid (2,3,4,6,10,6,4,3,2 on -4…+4) for all 861 splits of 40 statements, three participants")
  func poetqGridEverySplit() throws {
    let grid = try SortGrid(templateColumns: StudyTemplate.poetqJointCommissioning.columns)
    let statements = GridFamily.statements(count: 40)
    let splits = GridFamily.pileSplits(of: statements)
    #expect(splits.count == 861)
    var failures: [String] = []
    for (index, piles) in splits.enumerated() {
      for chooser in Chooser.allCases {
        let failure = firstBrokenInvariant(
          grid: grid, piles: piles, chooser: chooser, seed: UInt64(index),
          checkUndoAndStorage: chooser == .seededRandom && index % 20 == 0)
        if let failure { failures.append(failure) }
      }
    }
    #expect(failures.isEmpty, "\(failures.count) runs broke the rule, first: \(failures.prefix(3))")
  }
}
