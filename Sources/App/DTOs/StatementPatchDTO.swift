import Foundation

/// `PATCH …/statements/{number}`: any of number, text and codes; the rest keep their values.
struct StatementPatchDTO: APIBody, Sendable {
  var number: Int?
  var text: String?
  var codes: [String]?

  enum CodingKeys: String, CodingKey, CaseIterable { case number, text, codes }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    let container = try decoder.container(keyedBy: CodingKeys.self)
    number = try container.decodeIfPresent(Int.self, forKey: .number)
    text = try container.decodeIfPresent(String.self, forKey: .text)
    codes = try container.decodeIfPresent([String].self, forKey: .codes)
  }
}
