import Foundation
import POETQKit

/// A statement sent to `PUT` or `POST …/statements`. `number` may be left out: the statement then
/// takes the next number after the ones before it; `codes` may be left out for none.
struct StatementInputDTO: APIBody, Sendable {
  var number: Int?
  var text: String
  var codes: [String]?

  enum CodingKeys: String, CodingKey, CaseIterable { case number, text, codes }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    let container = try decoder.container(keyedBy: CodingKeys.self)
    number = try container.decodeIfPresent(Int.self, forKey: .number)
    text = try container.decode(String.self, forKey: .text)
    codes = try container.decodeIfPresent([String].self, forKey: .codes)
  }

  /// The statements of a list, numbered: a missing number is one more than the highest so far
  /// (starting after `highestNumber`), as in a pasted list.
  static func numbered(_ inputs: [StatementInputDTO], after highestNumber: Int) -> [TemplateStatement] {
    var next = highestNumber + 1
    return inputs.map { input in
      let number = input.number ?? next
      next = max(next, number + 1)
      return TemplateStatement(number: number, text: input.text, codes: input.codes ?? [])
    }
  }
}
