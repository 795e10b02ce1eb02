import Fluent
import Foundation

/// Raises the study's design version whenever a model of its design is saved or deleted through
/// Fluent, in the same transaction as the write (the `db` the write runs on). The editors raise it
/// themselves too (``StudyEditor/auditDesignChange(_:by:_:_:on:)``), since their bulk queries pass
/// no model middleware; this catches every single-model write elsewhere, so no way of changing a
/// design can leave the participants' cached one (``StudyDesignCache``) in force.
struct DesignVersionMiddleware<Design: Model>: AsyncModelMiddleware {
  /// The study `model` belongs to.
  let studyID: @Sendable (Design) -> UUID?
  /// Whether creating one changes an existing design (a new study starts at version 1).
  var createChanges = true

  func create(model: Design, on db: any Database, next: any AnyAsyncModelResponder) async throws {
    try await next.create(model, on: db)
    if createChanges { try await bump(model, on: db) }
  }

  func update(model: Design, on db: any Database, next: any AnyAsyncModelResponder) async throws {
    try await next.update(model, on: db)
    try await bump(model, on: db)
  }

  func delete(model: Design, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
    try await next.delete(model, force: force, on: db)
    try await bump(model, on: db)
  }

  private func bump(_ model: Design, on db: any Database) async throws {
    guard let id = studyID(model) else { return }
    try await StudyDesignVersion.bump(studyID: id, on: db)
  }
}

extension DesignVersionMiddleware where Design == Study {
  static var study: Self { Self(studyID: { $0.id }, createChanges: false) }
}

extension DesignVersionMiddleware where Design == StudyStatement {
  static var statements: Self { Self(studyID: { $0.$study.id }) }
}

extension DesignVersionMiddleware where Design == DistributionColumn {
  static var grid: Self { Self(studyID: { $0.$study.id }) }
}

extension DesignVersionMiddleware where Design == Question {
  static var questions: Self { Self(studyID: { $0.$study.id }) }
}

extension DesignVersionMiddleware where Design == Site {
  static var sites: Self { Self(studyID: { $0.$study.id }) }
}

extension Databases.Middleware {
  /// Every design model's writes raise its study's design version (``DesignVersionMiddleware``).
  func useDesignVersions() {
    use(DesignVersionMiddleware.study)
    use(DesignVersionMiddleware.statements)
    use(DesignVersionMiddleware.grid)
    use(DesignVersionMiddleware.questions)
    use(DesignVersionMiddleware.sites)
  }
}
