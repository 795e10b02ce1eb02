import Foundation

extension DemoDataset {
  /// The respondents as completed sorts, with the ids and site names a study made from `template`
  /// gives them (`A1`, `A2`, … in order): what the exports, ratings and site comparisons read.
  public func completedSorts(template: StudyTemplate) -> [CompletedSort] {
    respondents.enumerated().map { index, respondent in
      let site = template.sites.isEmpty ? "Site" : template.sites[respondent.site % template.sites.count]
      let flow = respondent.flow
      return CompletedSort(
        sortID: SortIDs.make(site: site, number: index + 1), site: site, status: "completed",
        consentedAt: flow.timestamps["consented"], presortStartedAt: flow.timestamps[FlowStage.presort.rawValue],
        gridConfirmedAt: flow.timestamps[ParticipantFlow.gridConfirmedKey],
        submittedAt: flow.timestamps[FlowStage.submitted.rawValue], answers: flow.answers, comments: flow.comments,
        scores: flow.placements)
    }
  }
}
