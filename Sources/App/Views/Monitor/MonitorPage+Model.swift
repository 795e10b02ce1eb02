import POETQKit

/// The study's dashboard (`/studies/<slug>/monitor`): who is where, per site and overall; the
/// report's Table 9 (sort times) and Table 10 (who completed); the drop-off funnel. Its model is
/// built by ``MonitorPage/query(study:siteIDs:on:)``; the page refreshes its figures in place
/// (`Public/js/monitor.js` fetches its own address again).
enum MonitorPage {
  static let template = "builder/monitor"

  struct Model: Encodable, Sendable {
    var rows: [Row]
    /// The same figures per language participants take part in; empty (no table) unless the study
    /// has more than one language in use or offered.
    var languageRows: [Row]
    var total: Row
    var stages: [String]
    var funnel: [FunnelStep]
    var profileTitle: String
    /// Said when the open-access link refused people this hour (its budget was used up).
    var openAccessNotice: String?
  }

  struct Row: Encodable, Sendable {
    var name: String
    var invited: Int
    var opened: Int
    var consented: Int
    var declined: Int
    var inProgress: Int
    var completed: Int
    var withdrawn: Int
    var responseRate: String
    var byStage: [Int]
    var sortRange: String
    var sortMean: String
    var sortTotal: String
    var profiles: [String]
  }

  struct FunnelStep: Encodable, Sendable {
    var step: String
    var count: Int
    var percent: Int
  }

  static let stageNames: [FlowStage: String] = [
    .questionsBefore: "Questions before", .presort: "Presort", .ranking: "Ranking", .placing: "Placing",
    .review: "Review", .comments: "Comments", .questionsAfter: "Questions after", .submitted: "Submitted",
  ]
}

extension MonitorPage.Model {
  /// Two sites mid-fieldwork in English and French, with the open-access notice.
  static let mock: Self = {
    func row(_ name: String, _ n: [Int], _ rate: String, _ profiles: [String]) -> MonitorPage.Row {
      MonitorPage.Row(
        name: name, invited: n[0], opened: n[1], consented: n[2], declined: n[3], inProgress: n[4], completed: n[5],
        withdrawn: n[6], responseRate: rate, byStage: [n[4] - 1, 1, 0], sortRange: "12–31 min", sortMean: "19 min",
        sortTotal: "\(n[5] * 19) min", profiles: profiles)
    }
    return Self(
      rows: [
        row("North", [10, 8, 7, 1, 2, 5, 0], "50%", ["Manager, council ×3", "Nurse, NHS ×2"]),
        row("South", [6, 4, 4, 0, 1, 3, 0], "50%", ["GP, NHS ×3"]),
      ],
      languageRows: [
        row("English", [11, 8, 7, 1, 2, 5, 0], "45%", []), row("French", [5, 4, 4, 0, 1, 3, 0], "60%", []),
      ], total: row("Total", [16, 12, 11, 1, 3, 8, 0], "50%", []),
      stages: ["Questions before", "Ranking", "Placing"],
      funnel: [
        .init(step: "Invited", count: 16, percent: 100), .init(step: "Opened the link", count: 12, percent: 75),
        .init(step: "Consented", count: 11, percent: 69), .init(step: "Completed", count: 8, percent: 50),
      ], profileTitle: "Your role and Your employer",
      openAccessNotice: "The open link turned 3 people away this hour: its budget of 50 starts a day is used up.")
  }()
}
