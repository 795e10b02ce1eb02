import POETQKit

extension ComparePage {
  /// The partnership ratings of the sorts at `sites`: the figure of means, the table of means, each
  /// site's (and, with several sites, everyone's) answers per point with small counts hidden as in
  /// the site reports, and the areas to celebrate and develop. `nil` without rating questions.
  static func ratingsBlock(_ design: StudyTemplate, state: SitesComparison.State, sites: [String], smallestGroup: Int)
    -> Block?
  {
    let ratingQuestions = PartnershipRatings.ratingQuestions(design.questions)
    guard !ratingQuestions.isEmpty else { return nil }
    let ratings = PartnershipRatings(
      questions: ratingQuestions, sorts: state.export.sorts.filter { sites.contains($0.site) }, sites: sites)
    let prompt = Dictionary(ratingQuestions.map { ($0.key, $0.prompt) }) { first, _ in first }
    let groups = ratings.bySite + (sites.count > 1 ? [ratings.overall] : [])
    let areas = groups.flatMap { group -> [String] in
      var lines: [String] = []
      if !group.strongest.isEmpty {
        lines.append(
          "\(group.name) — to celebrate: \(group.strongest.compactMap { prompt[$0] }.joined(separator: "; "))")
      }
      if !group.weakest.isEmpty {
        lines.append("\(group.name) — to develop: \(group.weakest.compactMap { prompt[$0] }.joined(separator: "; "))")
      }
      return lines
    }
    // The block's id differs from the figure's ("ratings", whose SVG title is "ratings-title").
    return Block(
      id: "partnership-ratings", title: "Partnership ratings",
      intro: [
        "How well the partners work together, as the questionnaire’s rating items put it, per site and for everyone shown."
      ],
      figure: SiteFigures.ratings(ratings).svg,
      tables: [SitesComparedTables.ratingMeans(ratings)]
        + groups.enumerated().map {
          SitesComparedTables.ratingDistribution($1, id: "ratings-\($0)", smallestGroup: smallestGroup)
        },
      items: areas)
  }
}
