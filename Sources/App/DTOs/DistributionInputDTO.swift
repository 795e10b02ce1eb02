import Foundation
import POETQKit

/// `PUT …/distribution`: the whole grid. `kind` left out keeps the study's; a column's `label` left
/// out is empty.
struct DistributionInputDTO: APIBody, Sendable {
  struct Column: Decodable, Sendable {
    var score: Int
    var capacity: Int
    var label: String

    enum CodingKeys: String, CodingKey, CaseIterable { case score, capacity, label }

    init(from decoder: any Decoder) throws {
      try decoder.refuseUnknownKeys(CodingKeys.self)
      let container = try decoder.container(keyedBy: CodingKeys.self)
      score = try container.decode(Int.self, forKey: .score)
      capacity = try container.decode(Int.self, forKey: .capacity)
      label = try container.decodeIfPresent(String.self, forKey: .label) ?? ""
    }
  }

  var kind: String?
  var columns: [Column]

  enum CodingKeys: String, CodingKey, CaseIterable { case kind, columns }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    let container = try decoder.container(keyedBy: CodingKeys.self)
    kind = try container.decodeIfPresent(String.self, forKey: .kind)
    columns = try container.decode([Column].self, forKey: .columns)
  }

  var templateColumns: [TemplateColumn] {
    columns.map { TemplateColumn(score: $0.score, capacity: $0.capacity, label: $0.label) }
  }
}
