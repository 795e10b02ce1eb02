import Foundation
import QMethod

/// A synthetic dataset shaped like the report's (chapter 4), for a newcomer to see monitoring and
/// analysis with data in minutes. Never real responses: every study made from it says so.
///
/// - Sites A–E complete 10, 14, 34, 22 and 13 sorts (Table 9). In each site the sorts that "match a
///   national viewpoint" follow Table 11: so many built from each of the five viewpoints (ideal
///   world, efficient, pluralist, personalised, pragmatic); the rest are built from a viewpoint of
///   that site alone, or mix two viewpoints.
/// - A viewpoint is a score for every statement: weights on the 4P dimensions of the statement's
///   codes plus a component of its own. A sort is the viewpoint plus noise, ranked into the forced
///   grid, so the sorts made from one viewpoint correlate at about 0.8 with it.
/// - Sort times have each site's range and about its mean (Table 9); roles follow Table 10; the
///   answers, the comments on the extreme statements and the timings are drawn from the seed.
///
/// The same template and seed always give the same dataset.
public struct DemoDataset: Sendable {
  /// One completed sort and everything that belongs to it.
  public struct Respondent: Sendable, Equatable {
    /// Index into the template's sites.
    public var site: Int
    /// The viewpoint the sort was built from ("Ideal world commissioning", "Local to Site C", …).
    public var viewpoint: String
    /// The participant's flow, submitted, with presort, ranking choices, grid, comments, answers and timings.
    public var flow: ParticipantFlow
  }

  /// One participant who has not completed: invited only, opened, declined, or stopped mid-way.
  public struct Straggler: Sendable, Equatable {
    public enum State: String, Sendable, Equatable { case invited, opened, declined, inProgress }
    public var site: Int
    public var state: State
    /// The flow so far, for those in progress.
    public var flow: ParticipantFlow?
  }

  public var respondents: [Respondent]
  public var stragglers: [Straggler]

  /// Completed sorts per site (Table 9).
  public static let completedPerSite = [10, 14, 34, 22, 13]
  /// The five national viewpoints (section 4.4), in Table 11's order.
  public static let viewpoints = [
    "Ideal world commissioning", "Efficient commissioning", "Pluralist commissioning",
    "Personalised commissioning", "Pragmatic commissioning",
  ]
  /// Sorts per site matching each national viewpoint (Table 11).
  public static let matchesPerSite = [
    [5, 0, 2, 0, 1], [5, 4, 3, 0, 0], [11, 0, 1, 5, 2], [11, 6, 0, 0, 0], [5, 1, 2, 0, 2],
  ]
  /// Each site's sort times in minutes: shortest, longest and mean (Table 9).
  public static let sortMinutes = [(15, 90, 37), (17, 85, 35), (14, 78, 37), (12, 59, 33), (7, 68, 32)]

  /// Weights of each viewpoint on People, Partnership, Professional, Productivity.
  private static let weights: [[Double]] = [
    [1.2, 0.6, 0.2, 0.4], [0.2, 0.2, -0.2, 1.2], [0.2, 1.2, 0.4, -0.4], [0.8, 0.0, -0.6, -0.2], [-0.4, -0.2, 0.8, 0.4],
  ]
  private static let dimensions = ["People", "Partnership", "Professional", "Productivity"]

  /// Builds the dataset for `template` (its statements, grid and questions; five sites expected,
  /// fewer are cycled) with sorts completed from `start` on.
  /// - Throws: ``SortGridError`` when the template's columns are not a grid.
  public init(template: StudyTemplate, seed: UInt64 = 2012, start: Date) throws(SortGridError) {
    var random = SplitMix64(seed: seed)
    let statements = template.statements.map(\.number)
    let grid = try SortGrid(columns: template.columns.map { SortGrid.Column(score: $0.score, capacity: $0.capacity) })
    let national = Self.weights.map { weights in
      template.statements.map { statement in
        let dimension = statement.codes.compactMap { Self.dimensions.firstIndex(of: $0) }.first
        return (dimension.map { weights[$0] } ?? 0) + random.normal()
      }
    }
    let siteCount = max(template.sites.count, 1)
    var respondents: [Respondent] = []
    var stragglers: [Straggler] = []
    var clock = start
    for site in 0..<Self.completedPerSite.count {
      let siteIndex = site % siteCount
      let local = statements.map { _ in random.normal() * 1.4 }
      var plan: [(String, [Double])] = []
      for (viewpoint, count) in Self.matchesPerSite[site].enumerated() {
        plan += Array(repeating: (Self.viewpoints[viewpoint], national[viewpoint]), count: count)
      }
      let siteName = template.sites.isEmpty ? "the site" : template.sites[siteIndex]
      while plan.count < Self.completedPerSite[site] {
        if plan.count % 2 == 0 {
          plan.append(("Local to \(siteName)", local))
        } else {
          let (a, b) = (Int(random.next() % 5), Int(random.next() % 5))
          plan.append(("Mixed", zip(national[a], national[b]).map { ($0 + $1) / 2 }))
        }
      }
      let minutes = Self.sortTimes(site: site, count: plan.count, random: &random)
      for (index, (viewpoint, ideal)) in plan.enumerated() {
        let scores = ideal.map { $0 + random.normal() * 0.75 }
        let placements = Self.ranked(statements, by: scores, into: grid)
        let profile = Self.roles[site][index % Self.roles[site].count]
        let flow = Self.completedFlow(
          placements: placements, statements: statements, grid: grid, template: template,
          answers: Self.answers(profile, viewpoint: viewpoint, template: template, random: &random),
          minutes: minutes[index], start: clock, random: &random)
        respondents.append(Respondent(site: siteIndex, viewpoint: viewpoint, flow: flow))
        clock = clock.addingTimeInterval(Double(90 + Int(random.next() % 600)) * 60)
      }
      // Those who did not complete: about a third more invited, some opened, one declined, two mid-way.
      let invitedOnly = max(2, Self.completedPerSite[site] / 3)
      stragglers += Array(repeating: Straggler(site: siteIndex, state: .invited), count: invitedOnly)
      stragglers += [Straggler(site: siteIndex, state: .opened), Straggler(site: siteIndex, state: .declined)]
      for sorted in [12, statements.count] {
        var order = statements
        order.shuffle(using: &random)
        var presort: [Int: PresortPile] = [:]
        for statement in order.prefix(sorted) {
          presort[statement] = PresortPile.allCases.randomElement(using: &random)
        }
        let profile = Self.roles[site][sorted % Self.roles[site].count]
        let flow = ParticipantFlow(
          stage: sorted == statements.count ? .ranking : .presort, presortOrder: order, presort: presort,
          rankingChoices: [], placements: [:], comments: [:],
          answers: Self.answers(profile, viewpoint: "", template: template, random: &random),
          timestamps: [
            "consented": clock, FlowStage.questionsBefore.rawValue: clock,
            FlowStage.presort.rawValue: clock.addingTimeInterval(120),
          ])
        stragglers.append(Straggler(site: siteIndex, state: .inProgress, flow: flow))
      }
    }
    self.respondents = respondents
    self.stragglers = stragglers
  }

  // MARK: - Building a sort

  /// The statements ranked by `scores` into the grid: the lowest scores fill the leftmost column.
  static func ranked(_ statements: [Int], by scores: [Double], into grid: SortGrid) -> [Int: Int] {
    let order = statements.indices.sorted { (scores[$0], statements[$0]) < (scores[$1], statements[$1]) }
    var placements: [Int: Int] = [:]
    var next = order.makeIterator()
    for column in grid.columns {
      for _ in 0..<column.capacity {
        guard let index = next.next() else { return placements }
        placements[statements[index]] = column.score
      }
    }
    return placements
  }

  /// A submitted flow that reaches `placements` the way a participant would: a presort that agrees
  /// with the grid's sides, the stepwise choices that fill it, comments, answers and stage times.
  private static func completedFlow(
    placements: [Int: Int], statements: [Int], grid: SortGrid, template: StudyTemplate, answers: [String: [String]],
    minutes: Int, start: Date, random: inout SplitMix64
  ) -> ParticipantFlow {
    var order = statements
    order.shuffle(using: &random)
    var presort: [Int: PresortPile] = [:]
    for (statement, score) in placements { presort[statement] = score > 0 ? .agree : score < 0 ? .disagree : .neutral }
    let piles = PresortPiles(
      agree: order.filter { presort[$0] == .agree }, neutral: order.filter { presort[$0] == .neutral },
      disagree: order.filter { presort[$0] == .disagree })
    var choices: [[Int]] = []
    if var allocation = try? StepwiseAllocation(grid: grid, piles: piles) {
      while case .choose(let score, _, let candidates, _) = allocation.nextStep,
        let next = try? allocation.choosing(candidates.filter { placements[$0] == score })
      {
        choices = next.choices
        allocation = next
      }
    }
    var comments: [Int: String] = [:]
    for (statement, score) in placements.sorted(by: { $0.key < $1.key })
    where template.commentScores.contains(score) && random.next() % 10 < 7 {
      let bank = score > 0 ? agreeComments : disagreeComments
      comments[statement] = bank[Int(random.next() % UInt64(bank.count))]
    }
    let presortMinutes = Double(minutes) * 0.3
    let times: [(String, Double)] = [
      ("consented", -6), (FlowStage.questionsBefore.rawValue, -5.5), (FlowStage.presort.rawValue, 0),
      (FlowStage.ranking.rawValue, presortMinutes), (FlowStage.review.rawValue, Double(minutes) - 2),
      (ParticipantFlow.gridConfirmedKey, Double(minutes)), (FlowStage.comments.rawValue, Double(minutes)),
      (FlowStage.questionsAfter.rawValue, Double(minutes) + 4), (FlowStage.submitted.rawValue, Double(minutes) + 5),
    ]
    let timestamps = Dictionary(
      times.map { ($0.0, start.addingTimeInterval($0.1 * 60)) }, uniquingKeysWith: { first, _ in first })
    return ParticipantFlow(
      stage: .submitted, presortOrder: order, presort: presort, rankingChoices: choices, placements: placements,
      comments: comments, answers: answers, timestamps: timestamps)
  }

  /// `count` sort times in whole minutes with the site's shortest and longest, the rest around a
  /// centre that keeps the site's mean.
  private static func sortTimes(site: Int, count: Int, random: inout SplitMix64) -> [Int] {
    let (shortest, longest, mean) = sortMinutes[site]
    guard count > 2 else { return Array([shortest, longest].prefix(count)) }
    let centre = Double(mean * count - shortest - longest) / Double(count - 2)
    var times = [shortest, longest]
    for _ in 2..<count {
      times.append(min(longest, max(shortest, Int((centre + random.normal() * 9).rounded()))))
    }
    times.shuffle(using: &random)
    return times
  }

  // MARK: - Answers and comments

  /// Job titles and organisations of completers per site (Table 10), with a professional background.
  private static let roles: [[(String, String, String)]] = [
    [
      ("Director", "Primary care trust (PCT)", "General management"),
      ("Partnership Manager", "Primary care trust (PCT)", "Commissioning"),
      ("Clinical Director", "Other NHS organisation", "Medicine (including general practice)"),
      ("Commissioning Manager", "Local authority or borough council", "Commissioning"),
      ("Commissioning Manager", "Primary care trust (PCT)", "Commissioning"),
    ],
    [
      ("Director", "Local authority or borough council", "General management"),
      ("Commissioning Manager", "Mental health trust", "Commissioning"),
      ("Chief Executive", "Third sector (voluntary or community) organisation", "General management"),
      ("Project Manager", "Third sector (voluntary or community) organisation", "Administration"),
      ("Clinical Lead", "Mental health trust", "Nursing"),
      ("Volunteer", "Mental health trust", "Other"),
    ],
    [
      ("Business Manager", "Care trust", "Finance or performance"),
      ("Programme Lead", "Care trust", "General management"),
      ("Clinical Lead", "Care trust", "Nursing"),
      ("General Practitioner", "Care trust", "Medicine (including general practice)"),
      ("Commissioning Manager", "Care trust", "Commissioning"),
      ("Service Manager", "Care trust", "Social work"),
    ],
    [
      ("Director", "Local authority or borough council", "General management"),
      ("Service Head", "Local authority or borough council", "Social work"),
      ("Public Health Manager", "Care trust", "Public health"),
      ("Performance Manager", "Care trust", "Finance or performance"),
      ("Strategic and Finance Manager", "Care trust", "Finance or performance"),
    ],
    [
      ("Commissioning Officer", "Housing organisation", "Housing"),
      ("Joint Commissioning Manager", "Local authority or borough council", "Commissioning"),
      ("Board Member", "Residents' association or service user group", "Other"),
      ("Director", "Mental health trust", "General management"),
      ("Community Researcher", "Third sector (voluntary or community) organisation", "Other"),
    ],
  ]

  private static func answers(
    _ profile: (String, String, String), viewpoint: String, template: StudyTemplate, random: inout SplitMix64
  ) -> [String: [String]] {
    var answers: [String: [String]] = [:]
    let optimistic = viewpoint.hasPrefix("Ideal") || viewpoint.hasPrefix("Efficient")
    for question in template.questions {
      let options = question.options
      switch question.key {
      case "role": answers[question.key] = [profile.0]
      case "organisation" where options.contains(profile.1): answers[question.key] = [profile.1]
      case "profession" where options.contains(profile.2): answers[question.key] = [profile.2]
      case _ where question.kind == .ratingScale && !options.isEmpty:
        let centre = optimistic ? options.count - 2 : options.count / 2
        let point = min(options.count - 1, max(0, centre + Int(random.next() % 3) - 1))
        answers[question.key] = [options[point]]
      case _ where question.kind == .singleChoice && !options.isEmpty:
        answers[question.key] = [options[Int(random.next() % UInt64(options.count))]]
      default:
        break
      }
    }
    return answers
  }

  private static let agreeComments = [
    "Joint commissioning has produced fantastic outcomes for our patients, particularly those with most complex needs.",
    "This is what joint commissioning is for: people get one service instead of three.",
    "Pooled budgets let us plan around the person, not around whose money it is.",
    "Working together means we can target resources according to complexity of need.",
    "We have seen this happen locally, and it is why the partnership is worth the effort.",
    "Shared care planning only works when commissioners sit at the same table.",
  ]

  private static let disagreeComments = [
    "In practice the savings have not materialised; the bureaucracy has simply moved.",
    "This has not been our experience: the partners still protect their own budgets.",
    "Structures matter less than relationships; reorganising does not change behaviour.",
    "Service users are rarely involved beyond consultation at the end.",
    "It is too early to tell, and the evidence we have is mostly anecdotal.",
    "Professional boundaries are as strong as they ever were.",
  ]
}

extension SplitMix64 {
  /// A standard normal variate (Box–Muller), drawn from this generator.
  mutating func normal() -> Double {
    let u1 = Double(next() >> 11 | 1) / Double(1 << 53)
    let u2 = Double(next() >> 11) / Double(1 << 53)
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
  }
}
