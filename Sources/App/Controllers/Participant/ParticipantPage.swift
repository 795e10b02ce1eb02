import POETQKit
import Vapor

/// What every participant page is rendered from: the one envelope of the participant's side (the
/// flow at `/p/<code>`, the open-access page at `/s/<slug>`, and the page of a link that leads
/// nowhere), with the part of the page it shows. Templates hold no wording of their own: static
/// labels come from `t` (the participant texts), composed ones are built here.
struct ParticipantPage: Encodable {
  /// The Leaf template (not sent to it).
  var template: String
  /// The page's language (`<html lang>`, the `lang` every form carries) and direction (`<html dir>`).
  var lang: String
  var dir = "ltr"
  /// The languages the participant may switch to (the current one marked), shown on the welcome
  /// and in the footer when there is more than one.
  var languages: [LanguageLink] = []
  var title: String
  var studyTitle: String
  var t: [String: String]
  /// Where the page's forms post (`/p/<code>`).
  var action = ""
  var revision = 0
  var preview = false
  /// "Step 3 of 8: Ranking", or empty off the numbered steps.
  var step = ""
  var stepNumber = 0
  var stepTotal = 0
  /// Where the participant is, for the browser's history: a new value is a new entry, so Back
  /// returns to the previous step (each ranking choice is a step of its own).
  var history = ""
  /// The action the browser's Back button posts on this page ("back", "undo_choice"), or empty
  /// when there is no step to go back to.
  var backAction = ""
  /// What the last action did, for the live region.
  var announce = ""
  var error = ""
  /// Every field the error concerns, each linked from the summary (and named beside the field).
  var errors: [FieldError] = []
  /// The id of the element that should have the focus after the page changes in place.
  var focus = ""
  /// Texts the script needs (connection lost, retrying …), as `data-` attributes.
  var connectionLost = ""
  var connectionRetrying = ""
  var connectionBack = ""
  /// Where the participant can withdraw (`/p/<code>/withdraw`), or empty when there is nothing to withdraw.
  var withdrawHref = ""
  /// The study's condition of instruction, the question the sort answers, kept in view on the
  /// welcome and on every sorting page (empty elsewhere).
  var instruction = ""
  /// What the client says after a server error it will not retry: with the error's reference, and
  /// without one (a background save's JSON carries none).
  var serverError = ""
  var serverErrorPlain = ""

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
  var openAccess: OpenAccess?

  private enum CodingKeys: String, CodingKey {
    case lang, dir, languages, title, studyTitle, t, action, revision, preview, step, stepNumber, stepTotal, history,
      backAction
    case announce, error, errors, focus, connectionLost, connectionRetrying, connectionBack, withdrawHref
    case instruction, serverError, serverErrorPlain
    case welcome, consent, questions, presort, ranking, placing, review, comments, thanks, message, withdraw
    case openAccess
  }

  /// The envelope alone: the texts and what the layout needs, for a page of `template` titled `title`,
  /// in `language` (the texts are that language's catalogue).
  static func envelope(
    template: String, texts: ParticipantTexts, language: StudyLanguage, title: String, studyTitle: String
  ) -> ParticipantPage {
    ParticipantPage(
      template: template, lang: language.tag, dir: language.direction, title: title, studyTitle: studyTitle,
      t: texts.entries(for: template),
      connectionLost: texts("connectionLost"), connectionRetrying: texts("connectionRetrying"),
      connectionBack: texts("connectionBack"), serverError: texts("serverError"),
      serverErrorPlain: texts("serverErrorPlain"))
  }

  /// The page as a response: rendered from its template, never cached (it shows one person's
  /// progress, and a cached copy would be out of date at once).
  func response(for req: Request, status: HTTPStatus = .ok) async throws -> Response {
    let response = try await req.view.render(template, self).encodeResponse(for: req)
    response.status = status
    response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    return response
  }

  /// One language of the switcher: a plain link to the same page in that language (no script
  /// needed), its name in itself, marked with its own language for screen readers.
  struct LanguageLink: Encodable, Equatable {
    var tag: String
    var autonym: String
    var href: String
    var current: Bool

    /// The switcher for a page at `path` (no query) in `current`, or empty when only one language
    /// is offered. `query` holds the page's other query (`step=consent`), kept on each link.
    static func switcher(offered: [StudyLanguage], current: StudyLanguage, path: String, query: String = "")
      -> [LanguageLink]
    {
      guard offered.count > 1 else { return [] }
      return offered.map {
        LanguageLink(
          tag: $0.tag, autonym: $0.autonym, href: path + "?" + (query.isEmpty ? "" : query + "&") + "lang=" + $0.tag,
          current: $0 == current)
      }
    }
  }

  /// One field named in an error summary: the link to it and what is missing there.
  struct FieldError: Encodable {
    var href: String
    var text: String
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
    /// "Decline" was pressed once: the page asks to confirm it.
    var confirmDecline: Bool
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
    /// What is missing here, shown beside the field (empty when nothing is).
    var error: String
  }

  struct Option: Encodable {
    var id: String
    /// What the option posts: its text in the study's own language (what the flow stores).
    var value: String
    /// What the participant reads: its text in the page's language.
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
    /// Ticked on a ranking step (kept when a choice of the wrong number is refused).
    var checked = false
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
    /// "agree" or "disagree": the side of the grid the step fills (its colour).
    var side: String
    /// Said once, on the first step of the disagree side: the question has turned.
    var turn: String
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
    /// Right after a choice: what it placed in one line ("2 statements placed in +4"), shown on a
    /// phone with the whole report behind a disclosure, and the whole report (empty otherwise).
    var reportSummary = ""
    var reportText = ""
  }

  struct Column: Encodable {
    var score: Int
    var id: String
    var heading: String
    var cards: [Card]
    var capacity: Int
    var free: Int
    var full: Bool
    /// The column's button in the placing bar: what it shows ("+4", "2 free" or "full") and what
    /// only a screen reader reads around it ("Column " … ": Most agree"), so its name is the
    /// heading's and its visible text short enough for nine buttons in a row on a phone.
    var buttonScore: String
    var buttonBefore: String
    var buttonAfter: String
    var buttonFree: String
    /// "1 of 2 free" (forced distribution), shown in the heading all the time; empty otherwise.
    var freeText: String
    /// What a drop on the full column says in place.
    var fullText: String
  }

  struct Pile: Encodable {
    var name: String
    var heading: String
    var cards: [Card]
  }

  struct Placing: Encodable {
    var piles: [Pile]
    var columns: [Column]
    /// The statement the column buttons place: the one the participant selected, or after a
    /// placement the next one of the same pile, so each further placement is one tap.
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
    var error: String
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
    /// Where "Take part after all" posts after a decline, or empty.
    var reconsiderAction = ""
    /// A server error's reference (also in the log), shown in a `<code>` the page's script reads.
    var reference = ""
  }

  /// The open-access page: the study's description and the sites to choose from.
  struct OpenAccess: Encodable {
    var description: String
    var action: String
    var sites: [SiteOption]
  }

  struct SiteOption: Encodable {
    var id: String
    var value: String
    var name: String
    var checked: Bool
  }
}
