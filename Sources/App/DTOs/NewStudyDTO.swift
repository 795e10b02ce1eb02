import Foundation

/// `POST /api/v1/studies`: `{"title": "…", "template": "poetq" | "blank"}` (`blank` when absent).
struct NewStudyDTO: APIBody, Sendable {
  var title: String
  var template: String?

  enum CodingKeys: String, CodingKey, CaseIterable { case title, template }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    let container = try decoder.container(keyedBy: CodingKeys.self)
    title = try container.decode(String.self, forKey: .title)
    template = try container.decodeIfPresent(String.self, forKey: .template)
  }
}
