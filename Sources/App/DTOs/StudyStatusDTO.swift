import Foundation

/// `POST /api/v1/studies/{slug}/status`: `{"status": "open" | "closed" | "draft"}`.
struct StudyStatusDTO: APIBody, Sendable {
  var status: String

  enum CodingKeys: String, CodingKey, CaseIterable { case status }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    status = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .status)
  }
}
