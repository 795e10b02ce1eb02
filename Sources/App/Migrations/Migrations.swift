import Fluent
import Vapor

/// The ordered list of migrations. Append only: a landed migration is never edited.
enum POETQMigrations {
  static let all: [any Migration] = [
    CreateUser(),
    SessionRecord.migration,
    CreateStudy(),
    CreateQSet(),
    CreateParticipant(),
    CreateAnalysis(),
    AddResponseProgress(),
    AddSortIDToParticipant(),
    CreateMailTemplate(),
    CreateMailLog(),
    CreateMembershipSites(),
    CreateRateLimitHits(),
    CreateAccountInvitations(),
    CreateFactorInterpretations(),
    AddLabelToParticipant(),
    AddAnalysisRuns(),
    AddAnalysisHeartbeat(),
    CreateParallelAnalyses(),
    AddLookupIndexes(),
    MoveAnalysisResultsToParts(),
    AddSessionExpiry(),
    AddAnalysisLineage(),
    AddSmallestGroupToStudy(),
    CreateRateLimitCounters(),
    CreateMailJobs(),
    AddDesignVersionToStudy(),
    AddLanguages(),
  ]
}
