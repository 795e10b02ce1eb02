/// The languages POETQ's participant pages speak: each has a complete interface catalogue in
/// `Resources/Locales/<tag>/`, so a study can be offered in it. A study's own texts may be written
/// in any of them and translated into the others.
enum StudyLanguage: String, CaseIterable, Codable, Sendable {
  case en, fr, de, es, ar

  /// The BCP 47 tag (`<html lang>`, `?lang=`, the CSV's file name).
  var tag: String { rawValue }

  /// The language's name in itself, as a participant looks for it in a switcher.
  var autonym: String {
    switch self {
    case .en: "English"
    case .fr: "Français"
    case .de: "Deutsch"
    case .es: "Español"
    case .ar: "العربية"
    }
  }

  /// Its name in English, for the researchers' pages.
  var englishName: String {
    switch self {
    case .en: "English"
    case .fr: "French"
    case .de: "German"
    case .es: "Spanish"
    case .ar: "Arabic"
    }
  }

  /// Written right to left: pages carry `dir="rtl"`.
  var isRightToLeft: Bool { self == .ar }

  /// `<html dir>`.
  var direction: String { isRightToLeft ? "rtl" : "ltr" }

  /// The language a tag names: exact (`fr`), or by its primary subtag (`fr-CA`, `FR_ca` → `fr`).
  init?(tag: String) {
    let primary = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
    self.init(rawValue: primary)
  }
}
