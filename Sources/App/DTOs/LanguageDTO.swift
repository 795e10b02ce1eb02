import Vapor

/// One language of a study as the API shows it: the study's own (`source`) or one it has
/// translations into, with how far the translation has come. A language is offered to participants
/// only when `complete`.
struct LanguageDTO: Content, Equatable {
  /// `fr`, `ar`, …
  var tag: String
  /// Its name in English ("French") and in itself ("Français").
  var name: String
  var autonym: String
  /// The study's own language: its texts are the source, so it is always complete.
  var source: Bool
  /// Every text has a translation made from the study's current text: offered to participants.
  var complete: Bool
  /// Texts with a current translation, of `total`.
  var translated: Int
  var total: Int
  /// Translations made from a text that has changed since (not shown to participants), and their keys.
  var outOfDate: Int
  var outOfDateKeys: [String]

  init(_ state: StudyTranslations.LanguageState) {
    tag = state.language.tag
    name = state.language.englishName
    autonym = state.language.autonym
    source = state.isSource
    complete = state.isComplete
    translated = state.translated
    total = state.total
    outOfDate = state.outOfDate.count
    outOfDateKeys = state.outOfDate
  }
}
