import Foundation

/// The signed-in person's studies (`/studies`): the list, a new study (blank or from the POETQ
/// template), the demo study on an empty list, and the way to a new study from data. Its model is
/// built by ``StudiesPage/query(userID:error:on:)``.
enum StudiesPage {
  static let template = "studies/index"

  struct Model: Encodable, Sendable {
    var studies: [Row]
    /// Why the last new study was refused.
    var error: String?
    /// Where a new study posts, where the demo study posts, and the page for a study from data.
    var create = SiteRoute.studies.href
    var demo = SiteRoute.demoStudy.href
    var fromData = SiteRoute.studyFromData.href
  }

  struct Row: Encodable, Sendable {
    var title: String
    var status: String
    var role: String
    /// The study's overview.
    var href: String
  }
}

extension StudiesPage.Row {
  init(title: String, slug: String, status: String, role: String) {
    self.init(title: title, status: status, role: role, href: SiteRoute.study(slug).href)
  }
}

extension StudiesPage.Model {
  /// Two studies, one owned and one shared: the snapshot's page.
  static let mock = StudiesPage.Model(studies: [
    .init(title: "Partnership in practice", slug: "partnership-in-practice", status: "open", role: "owner"),
    .init(title: "Pilot, 2025", slug: "pilot-2025", status: "closed", role: "viewer"),
  ])
}
