import Fluent
import Vapor

/// Who may work on a study, and how.
final class StudyMembership: Model, @unchecked Sendable {
  static let schema = "study_memberships"

  enum Role: String, Codable, CaseIterable, Sendable, Comparable {
    /// Everything, including sharing and deleting the study.
    case owner
    /// Edit the study, invite, analyse.
    case researcher
    /// Read only.
    case viewer

    private var rank: Int {
      switch self {
      case .viewer: 0
      case .researcher: 1
      case .owner: 2
      }
    }

    static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
  }

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Parent(key: "user_id") var user: User
  @Field(key: "role") var role: Role

  init() {}

  init(studyID: UUID, userID: UUID, role: Role) {
    self.$study.id = studyID
    self.$user.id = userID
    self.role = role
  }
}
