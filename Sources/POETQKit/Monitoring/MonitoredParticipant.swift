import Foundation

/// One participant as the monitoring sees them: where they are and how long their sort took.
public struct MonitoredParticipant: Sendable, Hashable {
  /// Where a participant has got to, in the order a participant goes.
  public enum Progress: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Invited; the link has not been opened.
    case invited
    /// Opened the link, not yet consented.
    case opened
    /// Declined to take part.
    case declined
    /// Consented; somewhere in the flow.
    case inProgress
    /// Submitted a complete sort.
    case completed
    /// Withdrew: their contributions are gone.
    case withdrawn

    public static func < (lhs: Progress, rhs: Progress) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// The participant's site.
  public var site: String
  /// The language the participant takes part in, as the dashboard names it ("French"): theirs, else
  /// the study's own.
  public var language: String
  public var progress: Progress
  /// The stage of the flow, for those in progress or completed.
  public var stage: FlowStage?
  /// Seconds from the start of the presort to the confirmed grid (Table 9's "sort time").
  public var sortTime: TimeInterval?
  /// Answers to the questions monitored for Table 10 (e.g. role and organisation), in order.
  public var profile: [String]

  /// Creates a record.
  public init(
    site: String, language: String = "", progress: Progress, stage: FlowStage? = nil, sortTime: TimeInterval? = nil,
    profile: [String] = []
  ) {
    self.site = site
    self.language = language
    self.progress = progress
    self.stage = stage
    self.sortTime = sortTime
    self.profile = profile
  }
}
