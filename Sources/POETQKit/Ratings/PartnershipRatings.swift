import Foundation

/// The partnership-process ratings of a study (the "POET" of POETQ, section 3.2: "how well do the
/// partners work together"), per site and overall: each item's distribution over its scale points
/// and its mean, the strongest and weakest items ("areas to celebrate", "areas to develop"), and
/// each item compared across sites.
///
/// A rating's value is its point's position on the scale, 1 for the lowest label to k for the
/// highest; the mean is over those who answered the item. Plain values in, plain values out.
public struct PartnershipRatings: Sendable, Equatable {
  /// One rating item's figures for one group of respondents.
  public struct ItemSummary: Sendable, Equatable {
    /// The question key (e.g. "partners_overall").
    public var key: String
    public var prompt: String
    /// The scale's labelled points, lowest first.
    public var points: [String]
    /// How many chose each point, in the order of `points`.
    public var counts: [Int]
    /// Answers that name no point of the scale (e.g. from an older wording); left out of the mean.
    public var unrecognised: Int
    /// Respondents who answered with a point of the scale.
    public var answered: Int { counts.reduce(0, +) }
    /// Mean point position (1…k), or `nil` when nobody answered.
    public var mean: Double? {
      guard answered > 0 else { return nil }
      let total = counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
      return Double(total) / Double(answered)
    }
    /// Share of those who answered who chose one of the two highest points ("well" or "very well").
    public var favourable: Double? {
      guard answered > 0 else { return nil }
      return Double(counts.suffix(2).reduce(0, +)) / Double(answered)
    }
  }

  /// The ratings of one group of respondents: a site, or everyone.
  public struct Group: Sendable, Equatable {
    public var name: String
    /// Completed sorts in the group (whether or not they answered the ratings).
    public var respondents: Int
    /// One summary per rating item, in questionnaire order.
    public var items: [ItemSummary]
    /// The item keys ordered by mean, highest first (items nobody answered left out; ties in
    /// questionnaire order).
    public var ranking: [String]
    /// Areas to celebrate: the items with the highest mean (every tied one); empty when every
    /// answered item has the same mean or none was answered.
    public var strongest: [String]
    /// Areas to develop: the items with the lowest mean (every tied one); empty as `strongest` is.
    public var weakest: [String]
  }

  /// One item across the sites.
  public struct ItemComparison: Sendable, Equatable {
    public var key: String
    /// Each site's mean, in the order of `sites` (`nil` where nobody at the site answered).
    public var means: [Double?]
    public var overall: Double?
    /// The sites with the highest and the lowest mean (every tied one).
    public var highest: [String]
    public var lowest: [String]
    /// Highest minus lowest site mean; `nil` with fewer than two sites answering.
    public var spread: Double?
  }

  /// The rating questions summarised, in questionnaire order.
  public var questions: [TemplateQuestion]
  /// The sites, in the order given (then any other site a sort names).
  public var sites: [String]
  /// One group per site, in the order of `sites`.
  public var bySite: [Group]
  public var overall: Group
  /// One comparison per rating item, in questionnaire order.
  public var comparison: [ItemComparison]

  /// The partnership ratings of a questionnaire: its rating-scale questions whose key starts with
  /// `partners_` (the POETQ template's), or, when there are none, every rating-scale question.
  public static func ratingQuestions(_ questions: [TemplateQuestion]) -> [TemplateQuestion] {
    let scales = questions.filter { $0.kind == .ratingScale && !$0.options.isEmpty }
    let partnership = scales.filter { $0.key.hasPrefix("partners_") }
    return partnership.isEmpty ? scales : partnership
  }

  /// Summarises the answers of `sorts` to `questions`.
  /// - Parameters:
  ///   - questions: the rating questions (see ``ratingQuestions(_:)``); other kinds are ignored.
  ///   - sorts: the completed sorts with their answers (the first answer of an item counts).
  ///   - sites: the order of the sites; a listed site without sorts gets a group with no answers.
  public init(questions: [TemplateQuestion], sorts: [CompletedSort], sites: [String] = []) {
    let questions = questions.filter { $0.kind == .ratingScale && !$0.options.isEmpty }
    var order = sites
    for sort in sorts where !order.contains(sort.site) { order.append(sort.site) }
    self.questions = questions
    self.sites = order
    let bySite = order.map { site in
      Self.group(site, questions: questions, sorts: sorts.filter { $0.site == site })
    }
    let overall = Self.group("All sites", questions: questions, sorts: sorts)
    self.bySite = bySite
    self.overall = overall
    comparison = questions.enumerated().map { index, question in
      let means = bySite.map { $0.items[index].mean }
      let answered = zip(order, means).compactMap { site, mean in mean.map { (site, $0) } }
      let high = answered.map(\.1).max()
      let low = answered.map(\.1).min()
      return ItemComparison(
        key: question.key, means: means, overall: overall.items[index].mean,
        highest: answered.filter { $0.1 == high }.map(\.0), lowest: answered.filter { $0.1 == low }.map(\.0),
        spread: answered.count >= 2 ? high.flatMap { h in low.map { h - $0 } } : nil)
    }
  }

  static func group(_ name: String, questions: [TemplateQuestion], sorts: [CompletedSort]) -> Group {
    let items = questions.map { question in
      var counts = Array(repeating: 0, count: question.options.count)
      var unrecognised = 0
      for sort in sorts {
        guard let answer = sort.answers[question.key]?.first?.trimmingCharacters(in: .whitespaces), !answer.isEmpty
        else { continue }
        if let point = question.options.firstIndex(where: { $0.caseInsensitiveCompare(answer) == .orderedSame }) {
          counts[point] += 1
        } else {
          unrecognised += 1
        }
      }
      return ItemSummary(
        key: question.key, prompt: question.prompt, points: question.options, counts: counts,
        unrecognised: unrecognised)
    }
    let answered = items.enumerated().compactMap { index, item in item.mean.map { (index, item.key, $0) } }
    let ranking = answered.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.map(\.1)
    let high = answered.map(\.2).max()
    let low = answered.map(\.2).min()
    let distinct = high != low
    return Group(
      name: name, respondents: sorts.count, items: items, ranking: ranking,
      strongest: distinct ? answered.filter { $0.2 == high }.map(\.1) : [],
      weakest: distinct ? answered.filter { $0.2 == low }.map(\.1) : [])
  }
}
