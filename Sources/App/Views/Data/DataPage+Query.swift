import Fluent
import Foundation

extension DataPage {
  /// The completed sorts (previews left out) at the sites of `siteIDs` (`nil`: every site), and
  /// those sites.
  static func query(studyID: UUID, slug: String, siteIDs: Set<UUID>?, canExport: Bool, on db: any Database)
    async throws -> Model
  {
    let completed = try await Participant.query(on: db).filter(\.$study.$id == studyID)
      .filter(\.$isPreview == false).filter(\.$status == .completed).all()
      .filter { siteIDs?.contains($0.$site.id) ?? true }.count
    return Model(
      completed: completed, canExport: canExport, sites: try await sites(studyID: studyID, siteIDs: siteIDs, on: db),
      slug: slug)
  }

  /// The study's sites in their order, those of `siteIDs` only (`nil`: every site), as choices.
  static func sites(studyID: UUID, siteIDs: Set<UUID>?, on db: any Database) async throws -> [Choice] {
    try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
      .filter { site in site.id.map { siteIDs?.contains($0) ?? true } ?? false }
      .map { Choice(value: try $0.requireID().uuidString, label: $0.name, selected: false) }
  }
}
