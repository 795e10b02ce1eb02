import Vapor

/// One of the caller's studies in `GET /api/v1/studies`.
struct StudyListItemDTO: Content, Equatable {
  var slug: String
  var title: String
  var status: Study.Status
  /// The caller's role: `owner`, `researcher` or `viewer`.
  var role: StudyMembership.Role
}
