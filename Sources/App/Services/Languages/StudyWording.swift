import POETQKit

/// The study's own participant-facing texts in one language, as the participant pages show them
/// (the study row's texts, or their translations). Plain values, so a translated wording is made
/// without copying the study row.
struct StudyWording: Sendable, Equatable {
  var title: String
  var description: String
  var informationSheet: String
  var consentText: String
  var instruction: String
  var disagreeLabel: String
  var agreeLabel: String
  var thankYouText: String
  var contactDetails: String

  /// The study's texts as written (its source language).
  init(study: Study) {
    title = study.title
    description = study.description
    informationSheet = study.informationSheet
    consentText = study.consentText
    instruction = study.instruction
    disagreeLabel = study.disagreeLabel
    agreeLabel = study.agreeLabel
    thankYouText = study.thankYouText
    contactDetails = study.contactDetails
  }

  /// Each field under its ``TranslatableTexts`` key, in translator's order.
  static let keyedFields: [(String, WritableKeyPath<StudyWording, String>)] = [
    ("title", \.title), ("description", \.description), ("informationSheet", \.informationSheet),
    ("consent", \.consentText), ("instruction", \.instruction), ("disagreeLabel", \.disagreeLabel),
    ("agreeLabel", \.agreeLabel), ("thankYou", \.thankYouText), ("contact", \.contactDetails),
  ]

  /// This wording and `design` with every text that has a translation in `translated` (key →
  /// text, current translations only) replaced by it; the rest stays as written.
  func translated(_ design: StudyTemplate, by translated: [String: String]) -> (StudyWording, StudyTemplate) {
    guard !translated.isEmpty else { return (self, design) }
    var wording = self
    for (key, path) in Self.keyedFields { if let text = translated[key] { wording[keyPath: path] = text } }
    var design = design
    design.title = wording.title
    design.description = wording.description
    design.instruction = wording.instruction
    design.disagreeLabel = wording.disagreeLabel
    design.agreeLabel = wording.agreeLabel
    for index in design.columns.indices {
      if let text = translated[TranslatableTexts.column(design.columns[index].score)] {
        design.columns[index].label = text
      }
    }
    for index in design.statements.indices {
      if let text = translated[TranslatableTexts.statement(design.statements[index].number)] {
        design.statements[index].text = text
      }
    }
    for index in design.questions.indices {
      let key = design.questions[index].key
      if let text = translated[TranslatableTexts.questionPrompt(key)] { design.questions[index].prompt = text }
      for option in design.questions[index].options.indices {
        if let text = translated[TranslatableTexts.questionOption(key, option + 1)] {
          design.questions[index].options[option] = text
        }
      }
    }
    return (wording, design)
  }
}
