import Vapor

/// A case-study site: `{"id": "…", "name": "Site A", "position": 0}`.
struct SiteDTO: Content, Equatable {
  var id: UUID
  var name: String
  /// Display order, from 0.
  var position: Int

  init(id: UUID, name: String, position: Int) {
    self.id = id
    self.name = name
    self.position = position
  }

  init(_ site: Site) throws {
    try self.init(id: site.requireID(), name: site.name, position: site.position)
  }
}
