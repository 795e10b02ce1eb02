import Fluent
import Foundation

extension StudyEditor {
  /// The study setting "smallest group reported" may be 1 to 50 people.
  static let smallestGroupRange = 1...50

  /// `value` checked against ``smallestGroupRange``.
  /// - Throws: 422 naming `field` when it is out of range.
  static func checkedSmallestGroup(_ value: Int, field: String) throws -> Int {
    guard smallestGroupRange.contains(value) else {
      throw Refusal.invalid(
        "\(field): give a whole number of people from \(smallestGroupRange.lowerBound) to \(smallestGroupRange.upperBound), not \(value)."
      )
    }
    return value
  }

  /// Saves the smallest group a site report names (already checked), audited when it changes.
  static func setSmallestGroup(_ value: Int, of study: Study, by userID: UUID, on db: any Database) async throws {
    let before = study.smallestGroupReported
    guard study.smallestGroup != value else { return }
    study.smallestGroup = value
    try await study.save(on: db)
    try await audit(study, by: userID, "study.smallest_group", "\(before) → \(value)", on: db)
  }
}
