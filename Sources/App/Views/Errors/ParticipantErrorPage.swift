import Vapor

/// The error page of a participant's address (`/p/<code>…`, `/s/<slug>`): the participant's own
/// page (their layout, no researcher's navigation) in their language, with the words of the
/// catalogue — a participant never meets the researchers' English error page. The study is not at
/// hand here (the error may be the database), so the language comes from the request alone.
enum ParticipantErrorPage {
  /// Whether `path` is one of a participant's pages.
  static func serves(_ path: String) -> Bool { SiteRoute.isParticipantPath(path) }

  /// The page for an error of `status`; a server error gives its `reference` (also in the log).
  static func page(
    status: HTTPResponseStatus, reference: String?, texts: ParticipantTexts, language: StudyLanguage
  ) -> ParticipantPage {
    let heading: String
    let text: String
    switch status.code {
    case 404:
      (heading, text) = (texts("unknownLinkHeading"), texts("unknownLinkText"))
    case 429, 503:
      (heading, text) = (texts("errorPageHeading"), texts("errorPageBusy"))
    case 500...:
      (heading, text) = (texts("errorPageHeading"), texts("errorPageServer"))
    default:
      (heading, text) = (texts("errorPageHeading"), texts("errorPageUnreadable"))
    }
    var page = ParticipantPage.envelope(
      template: "participant/message", texts: texts, language: language, title: heading, studyTitle: "POETQ")
    page.message = .init(heading: heading, text: text, contact: "", reference: reference ?? "")
    return page
  }

  /// The language of an error page: the page's own (`?lang=`, or the `lang` field a participant's
  /// form carries), else the first language of `Accept-Language` (by q-value) that POETQ speaks,
  /// else English.
  static func language(of request: Request) -> StudyLanguage {
    if let tag = request.query[String.self, at: "lang"], let language = StudyLanguage(tag: tag) { return language }
    if let body = request.body.string,
      let field = body.split(separator: "&").first(where: { $0.hasPrefix("lang=") }),
      let language = StudyLanguage(tag: String(field.dropFirst("lang=".count)))
    {
      return language
    }
    return ParticipantLanguage.preferred(
      request.headers.first(name: .acceptLanguage) ?? "", among: StudyLanguage.allCases) ?? .en
  }
}
