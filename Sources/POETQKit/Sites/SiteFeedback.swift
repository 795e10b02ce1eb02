import Foundation
import QMethod

/// The plain-language feedback report of one site for the workshops of section 3.6 of the POETQ
/// report: the viewpoints present at the site (the shared, aggregate ones by how many of the site's
/// people hold them, then the site's own local ones), what each believes and its strongest
/// statements, where the site's viewpoints agree, anonymised quotes and the site's partnership
/// ratings.
///
/// Built from the site's data alone: quotes come only from sorts of the site, answers only from the
/// site's ratings; other sites appear nowhere (no sort ids, comments, answers or counts). The
/// shared viewpoints' statements come from the aggregate factor arrays, which every site helped make.
public struct SiteFeedback: Sendable, Equatable {
  /// A statement with the score a viewpoint gives it.
  public struct Statement: Sendable, Equatable {
    public var number: Int
    public var text: String
    /// The viewpoint's factor array score (the column of the grid).
    public var score: Int
  }

  /// A participant's comment, without who wrote it, with where they placed the statement.
  public struct Quote: Sendable, Equatable {
    public var text: String
    public var statement: Int
    public var statementText: String
    /// The column the participant put the statement in (the viewpoint's, when the sort's is unknown).
    public var score: Int
    /// "strongly agreed, +4": the placement in words and the column.
    public var placement: String
  }

  /// One viewpoint present at the site.
  public struct Viewpoint: Sendable, Equatable {
    /// Shared: an aggregate viewpoint held by some of the site's people; local: one of the site's
    /// own analysis that stands for no aggregate viewpoint.
    public enum Kind: String, Sendable, Equatable {
      case shared
      case local
    }

    public var kind: Kind
    /// 1, 2, 3…: the order in which the report shows the viewpoints.
    public var number: Int
    /// The factor it is in its analysis (the aggregate one, or the site's own).
    public var factorLabel: String
    /// "Viewpoint 2: Pragmatic commissioning" (the researcher's name when written).
    public var title: String
    /// Where it comes from, as a label: "Shared with other sites (aggregate factor 3)" or "Found only
    /// here (this site's factor 2)".
    public var origin: String
    public var argument: String
    public var description: String
    /// The site's sorts that define it.
    public var people: Int
    /// How the site's own analysis found it ("also found in this site's own analysis (local
    /// factor 2, r = 0.84)"), or empty.
    public var localNote: String
    public var agree: [Statement]
    public var disagree: [Statement]
    public var quotes: [Quote]
  }

  /// A statement the site's viewpoints place alike (a consensus statement of the local analysis).
  public struct Consensus: Sendable, Equatable {
    public var number: Int
    public var text: String
    /// The local viewpoints' scores, in factor order.
    public var scores: [Int]
  }

  public var studyTitle: String
  public var site: String
  /// The site's completed sorts in the comparison.
  public var respondents: Int
  /// Sorts of the site that hold none of the shared viewpoints.
  public var holdingNone: Int
  /// The smallest group reported: a viewpoint held by fewer people here is not described.
  public var smallestGroup: Int
  /// Whether some people here hold views the report does not describe (a viewpoint held by fewer
  /// than ``smallestGroup`` here, or none of the shared ones): said once, with no count.
  public var otherViews: Bool
  public var viewpoints: [Viewpoint]
  public var consensus: [Consensus]
  /// Why there is no consensus list (one local viewpoint, or none found), or empty.
  public var consensusNote: String
  /// The site's partnership ratings, and the mean over all sites per item (aggregate figures only).
  public var ratings: PartnershipRatings.Group?
  public var overallMeans: [Double?]

  /// Statements shown per side of a viewpoint and quotes per viewpoint.
  public static let statementsPerSide = 3
  public static let maxQuotes = 3
  public static let maxConsensus = 8
  /// Columns of the grid a consensus statement's scores may span (−2 and −1: yes; −4 and −2: no).
  public static let maxConsensusSpread = 1
  /// The smallest group a site report names unless the study says otherwise.
  public static let defaultSmallestGroup = 3

  /// The feedback of `site`.
  /// - Parameters:
  ///   - comparison: the multi-site comparison (only `site`'s rows are read).
  ///   - statements: the Q-set, for the wording.
  ///   - sorts: the study's sorts' metadata; those of other sites are ignored.
  ///   - sharedNames: interpretations of the aggregate analysis by factor number (1-based).
  ///   - localNames: interpretations of the site's local analysis by factor number.
  ///   - ratings: the partnership ratings; only the site's group and the overall means are read.
  ///   - smallestGroup: a viewpoint held by fewer of the site's people is not reported as the site's
  ///     (no description, quotes or count): in a workshop of ten, "held by 1 person" and their words
  ///     point at someone in the room.
  public static func make(
    site: String, studyTitle: String, comparison: MultiSiteComparison, statements: [TemplateStatement],
    sorts: [SortMetadata], sharedNames: [Int: FactorInterpretation] = [:],
    localNames: [Int: FactorInterpretation] = [:], ratings: PartnershipRatings? = nil,
    smallestGroup: Int = defaultSmallestGroup
  ) -> SiteFeedback {
    let smallestGroup = max(smallestGroup, 1)
    let aggregate = comparison.aggregate
    let mine = Dictionary(sorts.filter { $0.site == site }.map { ($0.sortID, $0) }) { first, _ in first }
    let wording = Dictionary(statements.map { ($0.number, $0.text) }) { first, _ in first }
    func text(_ result: AnalysisResult, _ row: Int) -> String {
      let number = result.statements[row]
      return wording[number].flatMap { $0.isEmpty ? nil : $0 } ?? result.statementTexts[row]
    }
    let rows = aggregate.sorts.indices.filter { mine[aggregate.sorts[$0]] != nil }
    let prevalence = SitePrevalence.compute(aggregate: aggregate, rows: rows)
    let summary = comparison.summary[site]
    var viewpoints: [Viewpoint] = []
    var otherViews = prevalence.none > 0
    otherViews = otherViews || prevalence.defining.contains { $0 > 0 && $0 < smallestGroup }
    let shared = aggregate.factorLabels.indices.filter { prevalence.defining[$0] >= smallestGroup }
      .sorted {
        prevalence.defining[$0] != prevalence.defining[$1] ? prevalence.defining[$0] > prevalence.defining[$1] : $0 < $1
      }
    for factor in shared {
      let interpretation = sharedNames[factor + 1] ?? FactorInterpretation()
      var note = ""
      if let match = summary?.aggregate[factor] {
        note =
          "This site's own analysis found it too (local factor \(match.local), r = \(ReportFormat.fixed(match.r, 2)))."
      }
      let defining = rows.filter { aggregate.flags[$0][factor] }.map { aggregate.sorts[$0] }
      viewpoints.append(
        Viewpoint(
          kind: .shared, number: viewpoints.count + 1, factorLabel: aggregate.factorLabels[factor],
          title: title(viewpoints.count + 1, interpretation.name),
          origin: "Shared with other sites (aggregate factor \(aggregate.factorLabels[factor]))",
          argument: interpretation.argument,
          description: interpretation.description, people: prevalence.defining[factor], localNote: note,
          agree: strongest(aggregate, factor, top: true, text),
          disagree: strongest(aggregate, factor, top: false, text),
          quotes: quotes(aggregate, factor, sorts: defining.compactMap { mine[$0] }, text)))
    }
    let local = comparison.local[site]
    if let local, let only = summary?.localOnly {
      for label in only {
        guard let factor = local.factorLabels.firstIndex(of: label) else { continue }
        let interpretation = localNames[factor + 1] ?? FactorInterpretation()
        let defining = local.sorts.indices.filter { local.flags[$0][factor] }.map { local.sorts[$0] }
        guard defining.count >= smallestGroup else {
          otherViews = otherViews || !defining.isEmpty
          continue
        }
        viewpoints.append(
          Viewpoint(
            kind: .local, number: viewpoints.count + 1, factorLabel: label,
            title: title(viewpoints.count + 1, interpretation.name),
            origin: "Found only here (this site's factor \(label))", argument: interpretation.argument,
            description: interpretation.description, people: defining.count,
            localNote:
              "Found only in this site's own analysis: it matches none of the viewpoints shared across the sites.",
            agree: strongest(local, factor, top: true, text), disagree: strongest(local, factor, top: false, text),
            quotes: quotes(local, factor, sorts: defining.compactMap { mine[$0] }, text)))
      }
    }
    var consensus: [Consensus] = []
    var consensusNote = ""
    // Only viewpoints held by the smallest group or more: a one-person factor's array is that
    // person's sort, and its scores beside the others would show where they put each statement.
    let withArrays =
      local.map { result in
        result.factorLabels.indices.filter { factor in
          result.factorArrays.allSatisfy { $0[factor] != nil }
            && result.flags.filter { $0[factor] }.count >= smallestGroup
        }
      } ?? []
    if let local, withArrays.count >= 2 {
      let rowOf = Dictionary(local.statements.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
      consensus = local.consensus.compactMap { number -> Consensus? in
        guard let row = rowOf[number] else { return nil }
        let scores = withArrays.map { local.factorArrays[row][$0]! }
        // The engine's consensus only says no pair differs significantly, which with a few sorts per
        // viewpoint lets −4 and −2 through; a workshop reads "about the same place" literally.
        guard scores.max()! - scores.min()! <= maxConsensusSpread else { return nil }
        return Consensus(number: number, text: text(local, row), scores: scores)
      }
      .sorted { abs(mean($0.scores)) > abs(mean($1.scores)) }
      consensus = Array(consensus.prefix(maxConsensus))
      if consensus.isEmpty {
        consensusNote = "No statement was placed within one column of the grid by every viewpoint at this site."
      }
    } else {
      consensusNote =
        "This site's own analysis found at most one viewpoint held by \(smallestGroup) or more people here, "
        + "so there is no agreement between viewpoints to show."
    }
    return SiteFeedback(
      studyTitle: studyTitle, site: site, respondents: rows.count, holdingNone: prevalence.none,
      smallestGroup: smallestGroup, otherViews: otherViews, viewpoints: viewpoints, consensus: consensus,
      consensusNote: consensusNote,
      ratings: ratings?.bySite.first { $0.name == site }, overallMeans: ratings?.comparison.map(\.overall) ?? [])
  }

  static func title(_ number: Int, _ name: String) -> String {
    name.isEmpty ? "Viewpoint \(number)" : "Viewpoint \(number): \(name)"
  }

  /// "strongly agreed, +4", "agreed, +3", "somewhat disagreed, −2", "was neutral, 0" on a grid whose
  /// outermost column is `extreme` from the middle.
  public static func placement(_ score: Int, extreme: Int) -> String {
    guard score != 0 else { return "was neutral, 0" }
    let side = score > 0 ? "agreed" : "disagreed"
    let strength =
      abs(score) >= extreme ? "strongly " : (Double(abs(score)) > Double(extreme) / 2 ? "" : "somewhat ")
    return "\(strength)\(side), \(ReportFormat.score(score))"
  }

  static func mean(_ scores: [Int]) -> Double { Double(scores.reduce(0, +)) / Double(max(scores.count, 1)) }

  /// The statements a factor ranks highest (`top`) or lowest by z-score, with their array scores.
  static func strongest(
    _ result: AnalysisResult, _ factor: Int, top: Bool, _ text: (AnalysisResult, Int) -> String
  ) -> [Statement] {
    let rows = result.statements.indices.filter {
      result.zScores[$0][factor] != nil && result.factorArrays[$0][factor] != nil
    }
    let ordered = rows.sorted { a, b in
      let (za, zb) = (result.zScores[a][factor]!, result.zScores[b][factor]!)
      return top ? za > zb : za < zb
    }
    return ordered.prefix(statementsPerSide).map {
      Statement(number: result.statements[$0], text: text(result, $0), score: result.factorArrays[$0][factor]!)
    }
  }

  /// Comments of the defining sorts that go with the viewpoint: on a statement the viewpoint feels
  /// strongly about (|score| ≥ 2), placed by the sort on the same side; strongest first, each text once.
  static func quotes(
    _ result: AnalysisResult, _ factor: Int, sorts: [SortMetadata], _ text: (AnalysisResult, Int) -> String
  ) -> [Quote] {
    let rowOf = Dictionary(result.statements.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    var found: [(strength: Int, quote: Quote)] = []
    for sort in sorts {
      for (statement, comment) in sort.comments.sorted(by: { $0.key < $1.key }) {
        let trimmed = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let row = rowOf[statement], let score = result.factorArrays[row][factor],
          abs(score) >= 2
        else { continue }
        if let own = sort.scores[statement], own != 0, (own > 0) != (score > 0) { continue }
        let placed = sort.scores[statement] ?? score
        let extreme = max(abs(result.distribution.minScore), abs(result.distribution.maxScore), 1)
        found.append(
          (
            abs(score),
            Quote(
              text: trimmed, statement: statement, statementText: text(result, row), score: placed,
              placement: placement(placed, extreme: extreme))
          ))
      }
    }
    var seen = Set<String>()
    return found.sorted { $0.strength > $1.strength }.map(\.quote).filter { seen.insert($0.text).inserted }
      .prefix(maxQuotes).map { $0 }
  }
}
