import Vapor

/// What every builder page shows above its own content: the study, the section tabs, the user's
/// role, whether the design is locked, and the outcome of the last change.
struct StudyHeader: Encodable, Sendable {
  struct Tab: Encodable, Sendable {
    var title: String
    var href: String
    var current: Bool
  }

  var title: String
  var slug: String
  var status: String
  var role: String
  var canEdit: Bool
  /// May change the Q-set and grid: can edit, and the design is not locked by responses.
  var canEditDesign: Bool
  /// Owners manage who works on the study.
  var isOwner: Bool
  /// The sites this member is limited to, named; empty when they see every site.
  var limitedToSites: String?
  var section: String
  var tabs: [Tab]
  /// The list of studies (the crumb above the title).
  var studies = SiteRoute.studies.href
  var lockedReason: String?
  var flash: String?
  var error: String?

  static func make(_ context: StudyContext, section: StudySection, req: Request, error: String? = nil) async throws
    -> StudyHeader
  {
    let lockedReason = try await StudyLock.reason(studyID: context.studyID, on: req.db)
    let slug = context.study.slug
    return StudyHeader(
      title: context.study.title, slug: slug, status: context.study.status.rawValue,
      role: context.role.rawValue, canEdit: context.role >= .researcher,
      canEditDesign: context.role >= .researcher && lockedReason == nil, isOwner: context.role == .owner,
      limitedToSites: context.siteNames.isEmpty ? nil : context.siteNames.joined(separator: ", "),
      section: section.rawValue,
      tabs: StudySection.allCases.map { Tab(title: $0.title, href: $0.path(slug: slug), current: $0 == section) },
      lockedReason: lockedReason, flash: error == nil ? Flash.take(req) : nil, error: error)
  }
}

extension StudyHeader {
  /// The header of an open study that a researcher (not the owner) edits, on `section`: what every
  /// study page's snapshot shows above its own content.
  static func mock(_ section: StudySection, slug: String = "mock-study") -> StudyHeader {
    StudyHeader(
      title: "Partnership in practice", slug: slug, status: "open", role: "researcher", canEdit: true,
      canEditDesign: true, isOwner: false, limitedToSites: nil, section: section.rawValue,
      tabs: StudySection.allCases.map { Tab(title: $0.title, href: $0.path(slug: slug), current: $0 == section) },
      lockedReason: nil, flash: nil, error: nil)
  }
}
