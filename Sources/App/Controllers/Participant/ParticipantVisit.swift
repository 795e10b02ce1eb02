import Fluent
import POETQKit
import Vapor

/// One request's view of a participant: who they are, the study as it now reads, and the texts to
/// speak to them in. Loaded from the code in the URL, which is the participant's only credential.
struct ParticipantVisit {
  let participant: Participant
  let participantID: UUID
  /// The study row, for its settings and status. Its texts are in the study's own language:
  /// pages read ``wording`` instead.
  let study: Study
  /// The study's texts in the page's language.
  let wording: StudyWording
  /// The design with its texts in the page's language.
  let design: StudyTemplate
  let flowDesign: FlowDesign
  let texts: ParticipantTexts
  let messages: FlowMessages

  /// The response as this request read it with the participant (nil before consent).
  let stored: StoredFlow?

  /// The page's language (``ParticipantLanguage``) and the languages the study offers.
  var language: StudyLanguage = .en
  var offered: [StudyLanguage] = [.en]

  /// The participant whose code is the `:code` parameter, or nil when there is none.
  ///
  /// One statement reads the participant, their response and their study's design version
  /// (``ParticipantVisitRead``); the design comes from this instance's cache while that version is
  /// in force (``StudyDesignCache``), in the language the page speaks: the one asked for (`?lang=`
  /// or the form's `lang`), else the participant's own, else the browser's, else the study's.
  ///
  /// - Throws: 429 when the client's address has tried too many unknown codes (``UnknownCodeLimit``).
  static func load(_ req: Request) async throws -> ParticipantVisit? {
    let code = req.parameters.get("code") ?? ""
    guard ParticipantCode.isWellFormed(code),
      let read = try await ParticipantVisitRead.read(code: code, address: req.clientAddress, on: req.db)
    else { return nil }
    if read.unknownCodeTries >= RateLimiter.unknownCodes.limit {
      throw Abort(.tooManyRequests, reason: UnknownCodeLimit.refusal)
    }
    let participant = read.participant
    let cached = try await req.application.studyDesignCache.study(
      studyID: participant.$study.id, version: read.designVersion, locales: req.application.locales, on: req.db)
    let language = ParticipantLanguage.resolve(
      query: req.askedLanguage, stored: participant.language,
      acceptLanguage: req.headers.first(name: .acceptLanguage), offered: cached.offered, source: cached.source)
    let design = cached.design(in: language)
    return ParticipantVisit(
      participant: participant, participantID: try participant.requireID(), study: design.study,
      wording: design.wording, design: design.design, flowDesign: design.flowDesign, texts: design.texts,
      messages: design.messages, stored: read.stored, language: design.language, offered: cached.offered)
  }

  /// The language to keep with the participant after their action on this page: the page's, when
  /// it is not the one they have (nil when it is).
  var languageToKeep: StudyLanguage? { participant.language == language.tag ? nil : language }

  /// The switcher of a page at `path` (with its other `query`), empty when one language is offered.
  func languageLinks(path: String? = nil, query: String = "") -> [ParticipantPage.LanguageLink] {
    ParticipantPage.LanguageLink.switcher(offered: offered, current: language, path: path ?? self.path, query: query)
  }

  var path: String { href(.flow) }

  /// The address of one of this participant's pages.
  func href(_ route: ParticipantRoute) -> String { SiteRoute.participant(participant.code, route).href }

  /// Whether the participant may go on: the study is open, or this is a researcher's preview.
  var studyAccepts: Bool { participant.isPreview || study.status == .open }

  /// Whether a stored flow still fits the study (a preview begun before the design changed may not).
  func fits(_ flow: ParticipantFlow) -> Bool {
    Set(flow.presortOrder) == Set(flowDesign.statements) && flow.presortOrder.count == flowDesign.statements.count
      && (flow.nextInPresort != nil || (try? flow.ranking(design: flowDesign)) != nil)
  }

  func statementText(_ number: Int) -> String { messages.text(number) }

  func card(_ number: Int, selected: Int? = nil, score: Int? = nil) -> ParticipantPage.Card {
    ParticipantPage.Card(
      number: number, id: "s\(number)", text: statementText(number), selected: number == selected,
      place: score.map { texts("placingColumnButtonFree", ["score": messages.score($0)]) } ?? "")
  }

  func columnHeading(_ score: Int) -> String {
    let label = design.columns.first { $0.score == score }?.label ?? ""
    let name = messages.score(score)
    return label.isEmpty
      ? texts("placingColumnButtonFree", ["score": name]) : texts("columnHeading", ["score": name, "label": label])
  }

  static func columnID(_ score: Int) -> String { "col-\(score < 0 ? "m" : "p")\(abs(score))" }
}

extension Request {
  /// The language a participant's request asks for: `?lang=` in the address, else the `lang` field
  /// of a posted form (every participant form carries the page's language). Any text: an unknown
  /// value is ignored by ``ParticipantLanguage/resolve(query:stored:acceptLanguage:offered:source:)``.
  var askedLanguage: String? {
    if let asked = query[String.self, at: ParticipantForm.languageField] { return asked }
    guard method == .POST else { return nil }
    return FormFields(self)[ParticipantForm.languageField]
  }

  /// The language of a participant-side page that has no study to offer languages (a link that
  /// leads nowhere): asked for, else the browser's, among the languages POETQ has catalogues for.
  func interfaceLanguage(offered: [StudyLanguage]) -> StudyLanguage {
    ParticipantLanguage.resolve(
      query: askedLanguage, stored: nil, acceptLanguage: headers.first(name: .acceptLanguage), offered: offered,
      source: .en)
  }
}
