import Fluent

extension PreviewPage {
  /// The preview of `study` as it now reads: its texts and its stored design.
  static func query(study: Study, on db: any Database) async throws -> Model {
    Model(study: study, design: try await StudyDesign.load(study, on: db))
  }
}
