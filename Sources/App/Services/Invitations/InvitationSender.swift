import Fluent
import Foundation

/// Who is due an invitation or a reminder, whether the study can send, and the message a
/// participant gets. The sending itself is background work: ``MailJobs`` queues it in the request,
/// ``MailWorker`` sends it.
enum InvitationSender {
  /// Statuses that take no reminder: done, or said no.
  static let finished: Set<Participant.Status> = [.completed, .declined, .withdrawn]

  /// Whether `participant` should get a message of `kind` now: invitations go to those with an
  /// address not yet invited; reminders to those invited who have not completed, declined or
  /// withdrawn.
  static func isDue(_ participant: Participant, _ kind: MailTemplate.Kind) -> Bool {
    !participant.isPreview
      && isDue(kind, email: participant.email, status: participant.status, invitedAt: participant.invitedAt)
  }

  /// The same rule for a participant read as a plain row (``ParticipantRoster/Row``).
  static func isDue(_ kind: MailTemplate.Kind, email: String?, status: Participant.Status, invitedAt: Date?) -> Bool {
    guard let email, !email.isEmpty, !finished.contains(status) else { return false }
    return kind == .invitation ? invitedAt == nil : invitedAt != nil
  }

  /// Refuses to send when mail is off or the study is not open (its links would not work).
  /// - Throws: 409 with what to do.
  static func ready(_ study: Study, mailOn: Bool) throws {
    guard mailOn else {
      throw Refusal.conflict(
        "Mail is off: no SMTP relay is configured (POETQ_SMTP_HOST). Download the links as CSV instead.")
    }
    guard study.status == .open else {
      throw Refusal.conflict(
        "Sending: the study is \(study.status == .draft ? "a draft" : "closed"); open it first, so the links work.")
    }
  }

  /// The message for `participant` from `template` (the study's invitation or reminder in the
  /// message's language, ``InvitationLanguage``) with the participant's values filled in; the
  /// words for a missing name or contact come from `texts`, the catalogue of that language.
  static func message(
    _ template: InvitationLanguage.Template, to participant: Participant, texts: ParticipantTexts, siteName: String,
    from: MailAddress, baseURL: String
  ) -> MailMessage {
    let values = MailTemplateText.Values(
      name: participant.name, link: ParticipantRoster.link(code: participant.code, baseURL: baseURL),
      study: template.studyTitle, site: siteName, contact: template.contact,
      nameFallback: texts.entries["mailNameFallback"] ?? "participant",
      noContact: texts.entries["mailNoContact"] ?? "Reply to this message.")
    return MailMessage(
      from: from, to: MailAddress(address: participant.email ?? "", name: participant.name),
      subject: MailTemplateText.fill(template.subject, values), body: MailTemplateText.fill(template.body, values))
  }
}
