import POETQKit
import Vapor

/// The grid: `{"kind": "forced", "columns": [{"score": -4, "capacity": 2, "label": "Most disagree"}, …]}`,
/// columns from the lowest score to the highest.
struct DistributionDTO: Content, Equatable {
  struct Column: Content, Equatable {
    var score: Int
    var capacity: Int
    var label: String
  }

  var kind: Study.DistributionKind
  var columns: [Column]

  init(kind: Study.DistributionKind, columns: [TemplateColumn]) {
    self.kind = kind
    self.columns = columns.sorted { $0.score < $1.score }.map {
      Column(score: $0.score, capacity: $0.capacity, label: $0.label)
    }
  }
}
