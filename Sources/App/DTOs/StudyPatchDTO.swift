import Foundation
import Vapor

/// `PATCH /api/v1/studies/{slug}`: the texts and settings to change, in the shape `GET` returns.
/// Fields left out keep their values. Read-only fields (counts, lock, dates, consent version, score
/// range) are accepted and ignored, so a client can send back what it read; `status` and
/// `settings.distributionKind` are refused when they differ, with the route that changes them.
struct StudyPatchDTO: APIBody, Sendable {
  struct Texts: Decodable, Sendable {
    var description: String?
    var informationSheet: String?
    var consentText: String?
    var instruction: String?
    var disagreeLabel: String?
    var agreeLabel: String?
    var thankYouText: String?
    var contactDetails: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
      case description, informationSheet, consentText, instruction, disagreeLabel, agreeLabel, thankYouText
      case contactDetails
    }

    init(from decoder: any Decoder) throws {
      try decoder.refuseUnknownKeys(CodingKeys.self, ignoring: ["consentVersion"])
      let container = try decoder.container(keyedBy: CodingKeys.self)
      description = try container.decodeIfPresent(String.self, forKey: .description)
      informationSheet = try container.decodeIfPresent(String.self, forKey: .informationSheet)
      consentText = try container.decodeIfPresent(String.self, forKey: .consentText)
      instruction = try container.decodeIfPresent(String.self, forKey: .instruction)
      disagreeLabel = try container.decodeIfPresent(String.self, forKey: .disagreeLabel)
      agreeLabel = try container.decodeIfPresent(String.self, forKey: .agreeLabel)
      thankYouText = try container.decodeIfPresent(String.self, forKey: .thankYouText)
      contactDetails = try container.decodeIfPresent(String.self, forKey: .contactDetails)
    }
  }

  struct Settings: Decodable, Sendable {
    var sortMode: String?
    var distributionKind: String?
    var commentScores: [Int]?
    var commentsRequired: Bool?
    var openAccess: Bool?
    var smallestGroupReported: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
      case sortMode, distributionKind, commentScores, commentsRequired, openAccess, smallestGroupReported
    }

    init(from decoder: any Decoder) throws {
      try decoder.refuseUnknownKeys(CodingKeys.self, ignoring: ["minScore", "maxScore"])
      let container = try decoder.container(keyedBy: CodingKeys.self)
      sortMode = try container.decodeIfPresent(String.self, forKey: .sortMode)
      distributionKind = try container.decodeIfPresent(String.self, forKey: .distributionKind)
      commentScores = try container.decodeIfPresent([Int].self, forKey: .commentScores)
      commentsRequired = try container.decodeIfPresent(Bool.self, forKey: .commentsRequired)
      openAccess = try container.decodeIfPresent(Bool.self, forKey: .openAccess)
      smallestGroupReported = try container.decodeIfPresent(Int.self, forKey: .smallestGroupReported)
    }
  }

  var title: String?
  var status: String?
  /// The language the study's texts are written in (a tag POETQ offers: en, fr, de, es, ar).
  var language: String?
  var texts: Texts?
  var settings: Settings?

  enum CodingKeys: String, CodingKey, CaseIterable { case title, status, language, texts, settings }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(
      CodingKeys.self,
      ignoring: [
        "slug", "role", "counts", "locked", "lockedReason", "problemsBeforeOpening", "createdAt", "updatedAt",
        "languages",
      ])
    let container = try decoder.container(keyedBy: CodingKeys.self)
    title = try container.decodeIfPresent(String.self, forKey: .title)
    status = try container.decodeIfPresent(String.self, forKey: .status)
    language = try container.decodeIfPresent(String.self, forKey: .language)
    texts = try container.decodeIfPresent(Texts.self, forKey: .texts)
    settings = try container.decodeIfPresent(Settings.self, forKey: .settings)
  }

  /// The smallest group reported this patch sets, checked; `nil` when it leaves it alone.
  /// - Throws: 422 naming `settings.smallestGroupReported` outside 1…50.
  func smallestGroup() throws -> Int? {
    try settings?.smallestGroupReported.map {
      try StudyEditor.checkedSmallestGroup($0, field: "settings.smallestGroupReported")
    }
  }

  /// The study's current texts and settings with this patch laid over them.
  /// - Throws: 422 naming the field for an unknown sort mode, or a status or distribution kind that
  ///   this route cannot change.
  func applied(to study: Study) throws -> StudyTexts {
    if let status, status != study.status.rawValue {
      throw Abort(
        .unprocessableEntity,
        reason: "status: change it with POST /api/v1/studies/\(study.slug)/status, not with PATCH.")
    }
    if let kind = settings?.distributionKind, kind != study.distributionKind.rawValue {
      throw Abort(
        .unprocessableEntity,
        reason: "settings.distributionKind: change it with PUT /api/v1/studies/\(study.slug)/distribution, "
          + "together with the columns.")
    }
    var result = StudyTexts(study)
    if let title { result.title = title }
    if let language { result.language = language }
    if let texts {
      if let value = texts.description { result.description = value }
      if let value = texts.informationSheet { result.informationSheet = value }
      if let value = texts.consentText { result.consentText = value }
      if let value = texts.instruction { result.instruction = value }
      if let value = texts.disagreeLabel { result.disagreeLabel = value }
      if let value = texts.agreeLabel { result.agreeLabel = value }
      if let value = texts.thankYouText { result.thankYouText = value }
      if let value = texts.contactDetails { result.contactDetails = value }
    }
    if let settings {
      if let value = settings.sortMode {
        guard let mode = Study.SortMode(rawValue: value) else {
          throw Abort(
            .unprocessableEntity,
            reason: "settings.sortMode: \"\(value)\" is not a sort mode; choose stepwise or grid.")
        }
        result.sortMode = mode
      }
      if let value = settings.commentScores { result.commentScores = value.map(String.init).joined(separator: ",") }
      if let value = settings.commentsRequired { result.commentsRequired = value }
      if let value = settings.openAccess { result.openAccess = value }
    }
    return result
  }
}
