import Fluent
import Foundation

extension SitesPage {
  /// The study's sites in their order, those of `siteIDs` only when the member is limited to some
  /// (`nil`: every site), each with its participants (not previews).
  static func query(
    studyID: UUID, slug: String, siteIDs: Set<UUID>?, canManage: Bool, draft: String = "", on db: any Database
  ) async throws -> Model {
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    var rows: [Row] = []
    for site in sites {
      let id = try site.requireID()
      if let siteIDs, !siteIDs.contains(id) { continue }
      let participants = try await Participant.query(on: db).filter(\.$site.$id == id)
        .filter(\.$isPreview == false).count()
      rows.append(Row(id: id, name: site.name, participants: participants, slug: slug))
    }
    return Model(sites: rows, draft: draft, canManage: canManage, slug: slug)
  }
}
