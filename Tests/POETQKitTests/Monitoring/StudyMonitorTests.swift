import POETQKit
import Testing

@Suite("Study monitor")
struct StudyMonitorTests {
  /// Site A of the report's Table 9: 10 completed, 15–90 minutes, mean 37, total 6 hours 10 mins.
  static let siteAMinutes: [Double] = [15, 90, 30, 35, 28, 40, 33, 31, 36, 32]

  @Test("Table 9: range, mean and total sort time as the report prints them (site A)")
  func table9() {
    let participants = Self.siteAMinutes.map {
      MonitoredParticipant(site: "A", progress: .completed, stage: .submitted, sortTime: $0 * 60)
    }
    let monitor = StudyMonitor(participants: participants, siteNames: ["A", "B"])
    let a = monitor.sites[0].sortTimes
    #expect(a.completed == 10)
    #expect(a.rangeText == "15-90")
    #expect(a.meanText == "37")
    #expect(a.totalText == "6 hours 10 mins")
    #expect(monitor.sites[1].name == "B")
    #expect(monitor.sites[1].sortTimes.rangeText == "–", "a site without completed sorts")
    #expect(monitor.overall.sortTimes.totalText == "6 hours 10 mins")
    #expect(SortTimeSummary(completed: 1, sortTimes: [59 * 60 + 29]).totalText == "59 mins")
    #expect(SortTimeSummary(completed: 1, sortTimes: [61 * 60]).totalText == "1 hour 1 min")
  }

  @Test("funnel, stages in progress, response rate and Table 10 profiles, per site and overall")
  func funnel() throws {
    let participants: [MonitoredParticipant] = [
      .init(site: "A", progress: .invited),
      .init(site: "A", progress: .opened),
      .init(site: "A", progress: .declined),
      .init(site: "A", progress: .inProgress, stage: .presort),
      .init(site: "A", progress: .inProgress, stage: .review),
      .init(site: "A", progress: .completed, stage: .submitted, sortTime: 600, profile: ["Director", "PCT"]),
      .init(site: "A", progress: .completed, stage: .submitted, sortTime: 1200, profile: ["Director", "PCT"]),
      .init(site: "B", progress: .completed, stage: .submitted, sortTime: 1800, profile: ["Volunteer", ""]),
      .init(site: "B", progress: .withdrawn),
    ]
    let monitor = StudyMonitor(participants: participants, siteNames: ["A", "B"])
    let a = monitor.sites[0]
    #expect((a.invited, a.opened, a.declined, a.inProgress, a.completed, a.withdrawn) == (7, 6, 1, 2, 2, 0))
    #expect(a.inProgressByStage == [.presort: 1, .review: 1])
    #expect(try #require(a.responseRate) == 2.0 / 7.0)
    #expect(a.profiles == [.init(profile: "Director (PCT)", count: 2)])
    let funnel = a.funnel(stages: [.questionsBefore, .presort, .ranking, .review, .comments])
    #expect(
      funnel.map(\.step) == [
        "invited", "opened", "consented", "questions_before", "presort", "ranking", "review", "comments", "completed",
      ])
    #expect(funnel.map(\.count) == [7, 6, 4, 4, 4, 3, 3, 2, 2])
    let b = monitor.sites[1]
    #expect((b.invited, b.completed, b.withdrawn) == (2, 1, 1))
    #expect(b.profiles == [.init(profile: "Volunteer", count: 1)])
    #expect(monitor.overall.invited == 9)
    #expect(monitor.overall.sortTimes.rangeText == "10-30")
    #expect(monitor.overall.sortTimes.meanText == "20")
  }
}
