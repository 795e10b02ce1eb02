import Fluent

extension StudyOverviewPage {
  /// The overview of `study`: its stored design, and whether anyone has started it.
  static func query(study: Study, on db: any Database) async throws -> Model {
    let design = try await StudyDesign.load(study, on: db)
    let responses = try await StudyLock.realResponseCount(studyID: try study.requireID(), on: db)
    return Model(study: study, design: design, responses: responses)
  }
}
