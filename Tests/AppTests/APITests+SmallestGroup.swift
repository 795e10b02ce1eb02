import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The study setting "smallest group reported" through `/api/v1/studies/{slug}` (issue 25): read in
/// `GET`, set in `PATCH` within 1…50, a value outside refused naming the field, changing nothing.
@Suite("API: smallest group reported")
struct APISmallestGroupTests {
  @Test("GET reads 3 by default; PATCH sets 5 (audited); 0, 51 and a text are refused naming the field")
  func smallestGroup() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Groups", template: "blank")
      let path = "/api/v1/studies/\(slug)"
      #expect(try await client.get(path).content.decode(StudyDTO.self).settings.smallestGroupReported == 3)

      let set = try await client.patch(path, #"{"settings": {"smallestGroupReported": 5}}"#)
      #expect(set.status == .ok, "\(set.body.string)")
      #expect(try set.content.decode(StudyDTO.self).settings.smallestGroupReported == 5)
      #expect(try await client.get(path).content.decode(StudyDTO.self).settings.smallestGroupReported == 5)
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
      #expect(study.smallestGroupReported == 5)
      let audited = try await AuditEvent.query(on: app.db).filter(\.$action == "study.smallest_group").count()
      #expect(audited == 1)

      for body in [
        #"{"title": "Changed", "settings": {"smallestGroupReported": 0}}"#,
        #"{"title": "Changed", "settings": {"smallestGroupReported": 51}}"#,
        #"{"title": "Changed", "settings": {"smallestGroupReported": "4"}}"#,
      ] {
        let refused = try await client.patch(path, body)
        #expect(refused.status.code >= 400 && refused.status.code < 500, "\(body)")
        #expect(refused.body.string.contains("smallestGroupReported"), "\(refused.body.string)")
        let after = try await client.get(path).content.decode(StudyDTO.self)
        #expect(after.title == "Groups" && after.settings.smallestGroupReported == 5, "nothing changed: \(body)")
      }
    }
  }
}
