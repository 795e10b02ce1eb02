import Fluent
import Foundation

extension StudiesPage {
  /// The studies `userID` is a member of, by title, with their role in each.
  static func query(userID: UUID, error: String? = nil, on db: any Database) async throws -> Model {
    let memberships = try await StudyMembership.query(on: db).filter(\.$user.$id == userID).with(\.$study).all()
    let rows = memberships.map {
      Row(title: $0.study.title, slug: $0.study.slug, status: $0.study.status.rawValue, role: $0.role.rawValue)
    }
    .sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
    return Model(studies: rows, error: error)
  }
}
