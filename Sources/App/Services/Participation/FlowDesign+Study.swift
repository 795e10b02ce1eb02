import Fluent
import Foundation
import POETQKit

extension FlowDesign {
  /// The participant flow's view of a stored study and its design.
  ///
  /// - Throws: 500 when the stored grid is not a grid (the builder never saves one).
  init(study: Study, design: StudyTemplate) throws {
    let grid: SortGrid
    do {
      grid = try SortGrid(templateColumns: design.columns)
    } catch {
      throw ServerFault("The study's grid is not usable: \(error.description)")
    }
    self.init(
      statements: design.statements.map(\.number), grid: grid,
      distribution: study.distributionKind == .forced ? .forced : .free,
      method: study.sortMode == .stepwise ? .stepwise : .grid, questions: design.questions,
      commentScores: study.commentScoreList, commentsRequired: study.commentsRequired)
  }
}
