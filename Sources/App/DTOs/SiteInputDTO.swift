import Foundation

/// `POST …/sites` and `PATCH …/sites/{id}`: `{"name": "Site F"}`.
struct SiteInputDTO: APIBody, Sendable {
  var name: String

  enum CodingKeys: String, CodingKey, CaseIterable { case name }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
  }
}
