import Fluent
import Foundation
import POETQKit

/// What participants read, and how the sort behaves: the "Texts and settings" page.
struct StudyTexts: Codable, Equatable, Sendable {
  var title: String
  var description: String
  var informationSheet: String
  var consentText: String
  var instruction: String
  var disagreeLabel: String
  var agreeLabel: String
  var thankYouText: String
  var contactDetails: String
  var sortMode: Study.SortMode
  var commentScores: String
  var commentsRequired: Bool
  var openAccess: Bool
  /// The language the texts are written in (a ``StudyLanguage`` tag); `nil` leaves it as it is.
  var language: String?

  init(_ study: Study) {
    title = study.title
    description = study.description
    informationSheet = study.informationSheet
    consentText = study.consentText
    instruction = study.instruction
    disagreeLabel = study.disagreeLabel
    agreeLabel = study.agreeLabel
    thankYouText = study.thankYouText
    contactDetails = study.contactDetails
    sortMode = study.sortMode
    commentScores = study.commentScoreList.map(GridRules.scoreName).joined(separator: ", ")
    commentsRequired = study.commentsRequired
    openAccess = study.openAccess
    language = study.language
  }

  /// Decodes the page's form, where an unticked checkbox is simply absent.
  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func text(_ key: CodingKeys) throws -> String { try container.decodeIfPresent(String.self, forKey: key) ?? "" }
    func ticked(_ key: CodingKeys) -> Bool {
      if let flag = try? container.decodeIfPresent(Bool.self, forKey: key) { return flag }
      return ((try? container.decodeIfPresent(String.self, forKey: key)) ?? nil).map {
        ["on", "true", "1"].contains($0)
      }
        ?? false
    }
    title = try text(.title)
    description = try text(.description)
    informationSheet = try text(.informationSheet)
    consentText = try text(.consentText)
    instruction = try text(.instruction)
    disagreeLabel = try text(.disagreeLabel)
    agreeLabel = try text(.agreeLabel)
    thankYouText = try text(.thankYouText)
    contactDetails = try text(.contactDetails)
    guard let mode = Study.SortMode(rawValue: try text(.sortMode)) else {
      throw Refusal.invalid("Sort mode: choose stepwise or grid.")
    }
    sortMode = mode
    commentScores = try text(.commentScores)
    commentsRequired = ticked(.commentsRequired)
    openAccess = ticked(.openAccess)
    language = try container.decodeIfPresent(String.self, forKey: .language)
  }
}

extension StudyEditor {
  static let maxShortText = 200
  /// A long text (an information sheet, a consent form): 100,000 characters, far beyond a real one
  /// (3–40 KB) and well within the 1 MB a text form may carry.
  static let maxLongText = 100_000

  /// Saves the texts and settings. A changed consent text gets a new consent version, so every
  /// participant's recorded consent says which wording they agreed to.
  static func updateTexts(_ texts: StudyTexts, of study: Study, by userID: UUID, on db: any Database) async throws {
    func clean(_ value: String, _ field: String, limit: Int, required: Bool = false) throws -> String {
      let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
      if required, trimmed.isEmpty { throw Refusal.invalid("\(field): this cannot be empty.") }
      guard trimmed.count <= limit else {
        throw Refusal.invalid("\(field): keep it under \(limit) characters.")
      }
      return trimmed
    }
    let title = try clean(texts.title, "Title", limit: maxShortText, required: true)
    let description = try clean(texts.description, "Description", limit: maxLongText)
    let information = try clean(texts.informationSheet, "Information sheet", limit: maxLongText)
    let consent = try clean(texts.consentText, "Consent text", limit: maxLongText)
    let instruction = try clean(texts.instruction, "Condition of instruction", limit: maxLongText, required: true)
    let disagree = try clean(texts.disagreeLabel, "Disagree label", limit: 60, required: true)
    let agree = try clean(texts.agreeLabel, "Agree label", limit: 60, required: true)
    let thanks = try clean(texts.thankYouText, "Thank-you text", limit: maxLongText)
    let contact = try clean(texts.contactDetails, "Contact details", limit: maxLongText)
    let commentScores = try GridRules.commentScores(texts.commentScores, within: study.minScore...study.maxScore)
    let language = try texts.language.map { try checkedLanguage($0, field: "Language") }
    try await db.transaction { db in
      var changed: [String] = []
      if let language, language.tag != study.language {
        try await ensureLanguageCanChange(to: language, of: study, on: db)
        changed.append("language \(language.tag)")
        study.language = language.tag
      }
      if study.consentText != consent {
        if !study.consentText.isEmpty { study.consentVersion += 1 }
        changed.append("consent (version \(study.consentVersion))")
      }
      if study.title != title { changed.append("title") }
      if study.sortMode != texts.sortMode { changed.append("sort mode \(texts.sortMode.rawValue)") }
      study.title = title
      study.description = description
      study.informationSheet = information
      study.consentText = consent
      study.instruction = instruction
      study.disagreeLabel = disagree
      study.agreeLabel = agree
      study.thankYouText = thanks
      study.contactDetails = contact
      study.sortMode = texts.sortMode
      study.commentScores = commentScores.map(String.init).joined(separator: ",")
      study.commentsRequired = texts.commentsRequired
      study.openAccess = texts.openAccess
      try await study.save(on: db)
      try await auditDesignChange(
        study, by: userID, "study.texts", changed.isEmpty ? "texts" : changed.joined(separator: ", "), on: db)
    }
  }
}
