import Foundation

/// One participant of a study as the researcher sees them (`/studies/<slug>/participants/<id>`):
/// who and where, the consent, the time of each stage and the sort time, the answers, the comments
/// and the completed grid; and the forms to label, reset a decline and withdraw. The page is read
/// by `ParticipantDetailController` (its query has not moved out yet).
enum ParticipantDetailPage {
  static let template = "builder/participant"

  struct Model: Encodable, Sendable {
    var person: Person
    var moments: [Moment]
    var answers: [Answer]
    var comments: [Comment]
    var columns: [Column]
    var canWithdraw: Bool
    /// Researchers and owners may label the participant and reset a decline.
    var canEdit: Bool
    /// Where the page's forms post.
    var withdraw: String
    var label: String
    var resetDecline: String
  }

  struct Person: Encodable, Sendable {
    /// The code and link are the participant's credentials: shown to researchers and owners only.
    var code: String?
    var link: String?
    var site: String
    /// The language they take part in ("French"; the study's own until they choose).
    var language: String
    var name: String
    var email: String
    var status: String
    var preview: Bool
    var sortID: String
    var consent: String
    var sortTime: String
    var label: String
    var declined: Bool
  }

  struct Moment: Encodable, Sendable {
    var stage: String
    var time: String
  }

  struct Answer: Encodable, Sendable {
    var prompt: String
    var answer: String
  }

  struct Comment: Encodable, Sendable {
    var number: Int
    var text: String
    var score: String
    var comment: String
  }

  struct Column: Encodable, Sendable {
    var id: String
    var heading: String
    var cards: [Card]
  }

  struct Card: Encodable, Sendable {
    var number: Int
    var text: String
  }

}

extension ParticipantDetailPage.Model {
  init(
    person: ParticipantDetailPage.Person, moments: [ParticipantDetailPage.Moment],
    answers: [ParticipantDetailPage.Answer],
    comments: [ParticipantDetailPage.Comment], columns: [ParticipantDetailPage.Column], canWithdraw: Bool,
    canEdit: Bool,
    id: UUID, slug: String
  ) {
    self.init(
      person: person, moments: moments, answers: answers, comments: comments, columns: columns,
      canWithdraw: canWithdraw, canEdit: canEdit,
      withdraw: StudyRoute.participants(.withdraw(.value(id))).href(slug: slug),
      label: StudyRoute.participants(.label(.value(id))).href(slug: slug),
      resetDecline: StudyRoute.participants(.resetDecline(.value(id))).href(slug: slug))
  }

  /// A completed participant of a three-column grid, with an answer and a comment.
  static let mock = Self(
    person: ParticipantDetailPage.Person(
      code: "K7Q2-M4XP", link: "https://poetq.example.org/p/K7Q2-M4XP", site: "North", language: "English",
      name: "Ada Lovelace",
      email: "ada@example.org", status: "Completed", preview: false, sortID: "N1",
      consent: "1 Dec 2026, 09:02 UTC, consent form version 1", sortTime: "18 min", label: "pilot", declined: false),
    moments: [
      .init(stage: "Consented", time: "1 Dec 2026, 09:02 UTC"),
      .init(stage: "Submitted", time: "1 Dec 2026, 09:21 UTC"),
    ], answers: [.init(prompt: "Your role", answer: "Manager")],
    comments: [.init(number: 2, text: "Partners share the budget.", score: "+1", comment: "We do, mostly.")],
    columns: [
      .init(id: "col-m1", heading: "−1 Disagree", cards: [.init(number: 1, text: "Meetings start on time.")]),
      .init(id: "col-p0", heading: "0", cards: [.init(number: 3, text: "Results reach the people they concern.")]),
      .init(id: "col-p1", heading: "+1 Agree", cards: [.init(number: 2, text: "Partners share the budget.")]),
    ], canWithdraw: true, canEdit: true, id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1)),
    slug: "mock-study")
}
