import Foundation

/// The figures of a study's dashboard, overall, per site and per language: how many are where (the funnel), the
/// response rate, the report's Table 9 (sort times) and Table 10 (who completed).
///
/// Computed in one pass over the participants; nothing here grows faster than their number.
public struct StudyMonitor: Sendable {
  /// A profile of completers (Table 10) and how many gave it.
  public struct ProfileCount: Sendable, Hashable {
    public var profile: String
    public var count: Int

    /// Creates a count.
    public init(profile: String, count: Int) {
      self.profile = profile
      self.count = count
    }
  }

  /// The figures for one group of participants (a site, or everyone).
  public struct Figures: Sendable, Hashable {
    public var name: String
    /// Everyone with a link (withdrawn people included: they were invited).
    public var invited: Int = 0
    /// Opened their link (declined, consented, completed and withdrawn ones included).
    public var opened: Int = 0
    public var declined: Int = 0
    /// Consented and not yet submitted, by current stage.
    public var inProgressByStage: [FlowStage: Int] = [:]
    public var completed: Int = 0
    public var withdrawn: Int = 0
    /// Table 9.
    public var sortTimes: SortTimeSummary = SortTimeSummary(completed: 0, sortTimes: [])
    /// Table 10: each distinct profile of a completer ("Director (PCT)") with how many gave it,
    /// most frequent first.
    public var profiles: [ProfileCount] = []

    /// Consented and not yet submitted.
    public var inProgress: Int { inProgressByStage.values.reduce(0, +) }

    /// Consented, whether still sorting or completed (a withdrawal deletes the consent with the rest).
    public var consented: Int { inProgress + completed }

    /// Completed out of invited (withdrawn people count as invited, not completed); nil without invitations.
    public var responseRate: Double? { invited == 0 ? nil : Double(completed) / Double(invited) }

    /// How many reached each step of the flow (the drop-off funnel): invited, opened, consented,
    /// then each stage of the flow entered, then completed.
    public func funnel(stages: [FlowStage]) -> [(step: String, count: Int)] {
      var steps: [(String, Int)] = [("invited", invited), ("opened", opened), ("consented", consented)]
      for (index, stage) in stages.enumerated() {
        let beyond = stages[index...].reduce(0) { $0 + inProgressByStage[$1, default: 0] }
        steps.append((stage.rawValue, beyond + completed))
      }
      steps.append(("completed", completed))
      return steps
    }
  }

  /// One row per site, in the order given.
  public let sites: [Figures]
  /// One row per language participants take part in, in the order given, then any other in use.
  public let languages: [Figures]
  /// Everyone together.
  public let overall: Figures

  /// Summarises `participants`.
  ///
  /// - Parameters:
  ///   - participants: Everyone with a link (preview participants left out by the caller).
  ///   - siteNames: The study's sites in order; a site without participants still gets a row.
  ///   - languageNames: The study's languages in order (its own first); each gets a row.
  public init(participants: [MonitoredParticipant], siteNames: [String], languageNames: [String] = []) {
    var bySite: [String: [MonitoredParticipant]] = [:]
    var byLanguage: [String: [MonitoredParticipant]] = [:]
    for participant in participants {
      bySite[participant.site, default: []].append(participant)
      byLanguage[participant.language, default: []].append(participant)
    }
    let names = siteNames + bySite.keys.filter { !siteNames.contains($0) }.sorted()
    sites = names.map { Self.figures(name: $0, bySite[$0] ?? []) }
    let languages = languageNames + byLanguage.keys.filter { !languageNames.contains($0) }.sorted()
    self.languages = languages.map { Self.figures(name: $0, byLanguage[$0] ?? []) }
    overall = Self.figures(name: "TOTAL", participants)
  }

  private static func figures(name: String, _ participants: [MonitoredParticipant]) -> Figures {
    var figures = Figures(name: name)
    var sortTimes: [TimeInterval] = []
    var profileCounts: [String: Int] = [:]
    for participant in participants {
      figures.invited += 1
      if participant.progress != .invited { figures.opened += 1 }
      switch participant.progress {
      case .invited, .opened: break
      case .declined: figures.declined += 1
      case .inProgress:
        figures.inProgressByStage[participant.stage ?? .presort, default: 0] += 1
      case .completed:
        figures.completed += 1
        if let time = participant.sortTime { sortTimes.append(time) }
        let parts = participant.profile.filter { !$0.isEmpty }
        if let first = parts.first {
          let profile = parts.count > 1 ? "\(first) (\(parts.dropFirst().joined(separator: ", ")))" : first
          profileCounts[profile, default: 0] += 1
        }
      case .withdrawn: figures.withdrawn += 1
      }
    }
    figures.sortTimes = SortTimeSummary(completed: figures.completed, sortTimes: sortTimes)
    figures.profiles = profileCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
      ProfileCount(profile: $0.key, count: $0.value)
    }
    return figures
  }
}
