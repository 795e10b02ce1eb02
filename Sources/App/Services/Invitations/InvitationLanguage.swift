import Fluent
import Foundation

/// The language an invitation or reminder is written in: the participant's (set when they were
/// added, or chosen when they took part), else the study's own. A message goes out in that language
/// only when the study is complete in it (every text translated from the current source, as for the
/// participant pages); otherwise in the study's own words, never half translated.
enum InvitationLanguage {
  /// A message's texts in one language, before the participant's values are filled in.
  struct Template: Sendable {
    var subject: String
    var body: String
    /// The study's title in that language, for `{{study}}`.
    var studyTitle: String
    /// The study's contact details in that language, for `{{contact}}`.
    var contact: String
    /// The language the message is written in (its fallback words come from its catalogue).
    var language: StudyLanguage
  }

  /// The subject and body of `kind` for a participant taking part in `language` (a tag, `nil` for
  /// the study's own), with the study's title: the study's current translations (`mail.<kind>.subject`,
  /// `.body`, `title`) when the study is offered in that language, else its source texts.
  static func template(
    _ kind: MailTemplate.Kind, study: Study, language tag: String?, on db: any Database
  ) async throws -> Template {
    let studyID = try study.requireID()
    let mail = try await MailTemplateText.load(kind, studyID: studyID, on: db)
    let own = StudyLanguage(tag: study.language) ?? .en
    let source = Template(
      subject: mail.subject, body: mail.body, studyTitle: study.title, contact: study.contactDetails, language: own)
    guard let tag, let language = StudyLanguage(tag: tag), language != own else { return source }
    let translations = try await StudyTranslations.load(studyID: studyID, on: db)
    // Nothing stored for the language: no need to read the study's texts.
    guard translations.rows[language] != nil else { return source }
    let texts = try await TranslatableTexts.load(study, design: try await StudyDesign.load(study, on: db), on: db)
    guard translations.offered(source: own, texts: texts).contains(language) else { return source }
    let current = translations.current(language, texts: texts)
    return Template(
      subject: current[TranslatableTexts.mailSubject(kind)] ?? source.subject,
      body: current[TranslatableTexts.mailBody(kind)] ?? source.body,
      studyTitle: current["title"] ?? source.studyTitle, contact: current["contact"] ?? source.contact,
      language: language)
  }
}
