import Foundation

/// The study's participants (`/studies/<slug>/participants`): the list with their links, importing a
/// list or generating codes, the links as CSV, the invitation and reminder texts, sending them, and
/// the send log. Its model is built by ``ParticipantsPage/query(_:request:on:)``.
enum ParticipantsPage {
  static let template = "builder/participants"

  struct Model: Encodable, Sendable {
    var mailOn: Bool
    var mailSummary: String
    var studyOpen: Bool
    var showLinks: Bool
    var sites: [Choice]
    var siteFilter: String
    /// What the "Find a participant" box searched for (sort id, name, e-mail or code), or empty.
    var find: String
    var rows: [Row]
    var pager: Pager
    var total: Int
    var dueInvitations: Int
    var dueReminders: Int
    var templates: Templates
    var placeholders: [String]
    var failed: [LogRow]
    /// The latest sending of each kind ("Invitations: 12 of 40 sent, 27 waiting, 1 failed.").
    var progress: [String]
    /// Whether messages are still waiting to be sent (the page says to reload it).
    var sendingUnderWay: Bool
    var log: [LogRow]
    var importDraft: String
    var importProblems: [String]
    var generateCount: String
    /// The languages generated codes may be set to take part in (the study's own first).
    var languages: [Choice]
    var links: Links
  }

  /// Where the page's links and forms go.
  struct Links: Encodable, Sendable {
    /// The list itself (the site filter's and the search's GET forms, "Show everyone").
    var list: String
    /// The links as CSV, of the chosen site when one is.
    var linksCSV: String
    var importList: String
    var generate: String
    var templates: String
    var sendInvitations: String
    var sendReminders: String
    var retry: String

    init(slug: String, site: String?) {
      let href = { (route: StudyRoute.ParticipantsRoute) in StudyRoute.participants(route).href(slug: slug) }
      list = href(.index)
      linksCSV = StudyRoute.participants(.linksCSV).href(slug: slug, query: site.map { [("site", $0)] } ?? [])
      importList = href(.importList)
      generate = href(.generate)
      templates = href(.templates)
      sendInvitations = href(.sendInvitations)
      sendReminders = href(.sendReminders)
      retry = href(.retry)
    }
  }

  /// The table's pages: `size` rows each, with the links to the pages before and after.
  struct Pager: Encodable, Sendable {
    static let size = 500
    /// 1-based, clamped to the pages there are.
    var page: Int
    var pages: Int
    /// "1,001–1,500 of 20,000".
    var showing: String
    var previous: String
    var next: String
    var range: Range<Int>

    init(count: Int, page requested: Int, slug: String, site: String?) {
      pages = max(1, (count + Self.size - 1) / Self.size)
      page = min(max(requested, 1), pages)
      range = ((page - 1) * Self.size)..<min(page * Self.size, count)
      let number = { (value: Int) in value.formatted(.number.locale(Locale(identifier: "en_US"))) }
      showing = "\(number(range.lowerBound + 1))–\(number(range.upperBound)) of \(number(count))"
      let href = { (target: Int) in
        StudyRoute.participants().href(
          slug: slug, query: (site.map { [("site", $0)] } ?? []) + [("page", String(target))])
      }
      previous = page > 1 ? href(page - 1) : ""
      next = page < pages ? href(page + 1) : ""
    }

    enum CodingKeys: String, CodingKey { case page, pages, showing, previous, next }
  }

  struct Row: Encodable, Sendable {
    var id: String
    var site: String
    /// The language they are invited in and take part in ("French"; the study's own until chosen).
    var language: String
    var name: String
    /// The name, else the researcher's label, else "Participant" (the link text to the participant's page).
    var label: String
    var email: String
    var status: String
    var invited: String
    var reminded: String
    var link: String
    /// The participant's page.
    var href: String
  }

  struct Templates: Encodable, Sendable {
    var invitationSubject: String
    var invitationBody: String
    var reminderSubject: String
    var reminderBody: String
  }

  struct LogRow: Encodable, Sendable {
    var time: String
    var address: String
    var kind: String
    var result: String
    var failed: Bool
    var error: String
  }

  /// What a refused form leaves on the page.
  struct Drafts: Sendable {
    var importText = ""
    var importProblems: [String] = []
    var generateCount = ""
    var templates: Templates?
  }

  /// Every language POETQ offers, the study's own first, for the generate form's select.
  static func languageChoices(own: String) -> [Choice] {
    let languages = StudyLanguage.allCases.filter { $0.tag == own } + StudyLanguage.allCases.filter { $0.tag != own }
    return languages.map { Choice(value: $0.tag, label: $0.englishName, selected: false) }
  }

  static let statusNames: [Participant.Status: String] = [
    .invited: "Invited", .opened: "Opened", .consented: "Consented", .inProgress: "In progress",
    .completed: "Completed", .declined: "Declined", .withdrawn: "Withdrawn",
  ]
}

extension ParticipantsPage.Model {
  /// A researcher's page: two participants at two sites, mail on, one failed message.
  static let mock: Self = {
    let slug = "mock-study"
    let id = { (n: UInt8) in UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, n)) }
    let row = { (n: UInt8, site: String, language: String, name: String, email: String, status: String) in
      ParticipantsPage.Row(
        id: id(n).uuidString, site: site, language: language, name: name, label: name.isEmpty ? "Participant" : name,
        email: email,
        status: status, invited: email.isEmpty ? "" : "2026-12-01 09:00 UTC", reminded: "",
        link: "https://poetq.example.org/p/CODE\(n)",
        href: StudyRoute.participants(.show(.value(id(n)))).href(slug: slug))
    }
    let failed = ParticipantsPage.LogRow(
      time: "2026-12-01 09:01 UTC", address: "bo@example.org", kind: "Invitation", result: "Failed", failed: true,
      error: "550 mailbox unavailable; refused for good, not tried again")
    return Self(
      mailOn: true, mailSummary: "SMTP smtp.example.org:587 as study@example.org", studyOpen: true, showLinks: true,
      sites: [
        Choice(value: id(20).uuidString, label: "North", selected: false),
        Choice(value: id(21).uuidString, label: "South", selected: false),
      ], siteFilter: "", find: "",
      rows: [
        row(1, "North", "English", "Ada Lovelace", "ada@example.org", "Completed"),
        row(2, "South", "French", "", "", "Not opened yet"),
      ], pager: ParticipantsPage.Pager(count: 2, page: 1, slug: slug, site: nil), total: 2, dueInvitations: 0,
      dueReminders: 1,
      templates: .init(
        invitationSubject: "Your views on {{study}}", invitationBody: "Dear {{name}},\n\nPlease sort: {{link}}",
        reminderSubject: "A reminder: {{study}}", reminderBody: "Dear {{name}},\n\nThere is still time: {{link}}"),
      placeholders: ["{{name}}", "{{link}}", "{{study}}"], failed: [failed],
      progress: ["Invitations: 1 of 2 sent, 0 waiting, 1 failed."], sendingUnderWay: false,
      log: [
        .init(
          time: "2026-12-01 09:00 UTC", address: "ada@example.org", kind: "Invitation", result: "Sent", failed: false,
          error: ""), failed,
      ], importDraft: "", importProblems: [], generateCount: "",
      languages: ParticipantsPage.languageChoices(own: "en"), links: .init(slug: slug, site: nil))
  }()
}
