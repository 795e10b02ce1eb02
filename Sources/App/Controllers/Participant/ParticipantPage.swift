import POETQKit

/// What every participant page is rendered from. Templates hold no wording of their own: static
/// labels come from `t` (the participant texts), composed ones are built here.
struct ParticipantPage: Encodable {
  /// The Leaf template (not sent to it).
  var template: String
  var lang: String
  var title: String
  var studyTitle: String
  var t: [String: String]
  /// Where the page's forms post (`/p/<code>`).
  var action: String
  var revision: Int
  var preview: Bool
  /// "Step 3 of 8: Ranking", or empty off the numbered steps.
  var step: String
  var stepNumber: Int
  var stepTotal: Int
  /// What the last action did, for the live region.
  var announce: String
  var error: String
  /// The id of the element that should have the focus after the page changes in place.
  var focus: String
  /// Texts the script needs (connection lost, retrying …), as `data-` attributes.
  var connectionLost: String
  var connectionRetrying: String
  var connectionBack: String
  /// Where the participant can withdraw (`/p/<code>/withdraw`), or empty when there is nothing to withdraw.
  var withdrawHref: String

  var welcome: Welcome?
  var consent: Consent?
  var questions: Questions?
  var presort: Presort?
  var ranking: Ranking?
  var placing: Placing?
  var review: Review?
  var comments: Comments?
  var thanks: Thanks?
  var message: Message?
  var withdraw: Withdraw?

  private enum CodingKeys: String, CodingKey {
    case lang, title, studyTitle, t, action, revision, preview, step, stepNumber, stepTotal, announce, error, focus
    case connectionLost, connectionRetrying, connectionBack, withdrawHref
    case welcome, consent, questions, presort, ranking, placing, review, comments, thanks, message, withdraw
  }

  struct Welcome: Encodable {
    var description: String
    var informationSheet: String
    var personalLink: String
    var consentHref: String
  }

  struct Consent: Encodable {
    var text: String
    var version: Int
    var versionText: String
    var action: String
  }

  struct Questions: Encodable {
    var heading: String
    var items: [Item]
    var canGoBack: Bool
    var proceedLabel: String
  }

  struct Item: Encodable {
    var key: String
    var id: String
    var field: String
    var prompt: String
    /// radio, checkbox, long, number or short.
    var control: String
    var required: Bool
    var options: [Option]
    var value: String
  }

  struct Option: Encodable {
    var id: String
    var text: String
    var checked: Bool
  }

  struct Card: Encodable {
    var number: Int
    var id: String
    var text: String
    var selected: Bool
    /// "Column +3" for screen readers (the card's place, read with its text).
    var place: String
  }

  struct Presort: Encodable {
    var statement: Card?
    var position: Int
    var sorted: Int
    var total: Int
    var progressText: String
    var countsText: String
    var doneText: String
    var proceedLabel: String
    var canUndo: Bool
  }

  struct Ranking: Encodable {
    var heading: String
    var columnText: String
    var pileText: String
    var count: Int
    var candidates: [Card]
    var placeLabel: String
    var chosenTemplate: String
    var progressText: String
    var placed: Int
    var total: Int
    var canUndo: Bool
  }

  struct Column: Encodable {
    var score: Int
    var id: String
    var heading: String
    var cards: [Card]
    var capacity: Int
    var free: Int
    var full: Bool
    var buttonLabel: String
  }

  struct Pile: Encodable {
    var name: String
    var heading: String
    var cards: [Card]
  }

  struct Placing: Encodable {
    var piles: [Pile]
    var columns: [Column]
    var selected: Card?
    var selectedIsPlaced: Bool
    var statusText: String
  }

  struct Review: Encodable {
    var columns: [Column]
    var selected: Card?
    var selectedText: String
    var canGoBack: Bool
    var proceedLabel: String
  }

  struct Comments: Encodable {
    var intro: String
    var items: [CommentItem]
    var proceedLabel: String
  }

  struct CommentItem: Encodable {
    var number: Int
    var id: String
    var field: String
    var text: String
    var columnHeading: String
    var label: String
    var value: String
  }

  struct Thanks: Encodable {
    var text: String
    var contact: String
    var informationSheet: String
  }

  struct Withdraw: Encodable {
    var action: String
    var completed: Bool
  }

  struct Message: Encodable {
    var heading: String
    var text: String
    var contact: String
  }
}
