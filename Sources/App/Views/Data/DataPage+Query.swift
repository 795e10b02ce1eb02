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
      .filter { siteIDs?.contains($0.$site.id) ?? true }
    let studyLanguage = try await Study.find(studyID, on: db)?.language ?? StudyLanguage.en.tag
    return Model(
      completed: completed.count,
      byLanguage: byLanguage(completed.map { StudySorts.language(of: $0.language, study: studyLanguage) }),
      canExport: canExport, sites: try await sites(studyID: studyID, siteIDs: siteIDs, on: db),
      slug: slug)
  }

  /// "English 10, French 2" in ``StudyLanguage``'s order, or empty when every sort is in one language.
  static func byLanguage(_ tags: [String]) -> String {
    let counts = Dictionary(tags.map { ($0, 1) }, uniquingKeysWith: +)
    guard counts.count > 1 else { return "" }
    let order = StudyLanguage.allCases.map(\.tag)
    return counts.sorted {
      (order.firstIndex(of: $0.key) ?? .max, $0.key) < (order.firstIndex(of: $1.key) ?? .max, $1.key)
    }
    .map { "\(MonitorData.languageName($0.key)) \($0.value)" }.joined(separator: ", ")
  }

  /// The study's sites in their order, those of `siteIDs` only (`nil`: every site), as choices.
  static func sites(studyID: UUID, siteIDs: Set<UUID>?, on db: any Database) async throws -> [Choice] {
    try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
      .filter { site in site.id.map { siteIDs?.contains($0) ?? true } ?? false }
      .map { Choice(value: try $0.requireID().uuidString, label: $0.name, selected: false) }
  }
}
