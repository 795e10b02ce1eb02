/// A CLDR plural category: which form of a counted phrase a number takes in a language ("1
/// statement", "2 statements"; Arabic has six forms). A catalogue's plural entry is an object of
/// these (`{"one": "…", "other": "…"}`).
///
/// The rules are CLDR's cardinal rules (Unicode CLDR, `plurals.xml`, release 46) for whole numbers
/// (a count of statements, questions or characters has no fraction digits, so `v = 0`, `i = n`):
/// - en, de: one: n = 1; other.
/// - es: one: n = 1; many: n ≠ 0 and n % 1 000 000 = 0; other.
/// - fr: one: n = 0, 1; many: n ≠ 0 and n % 1 000 000 = 0; other.
/// - ar: zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3…10; many: n % 100 = 11…99; other.
enum PluralCategory: String, CaseIterable, Codable, Sendable {
  case zero, one, two, few, many, other

  /// The category of `count` in `language`. A negative count takes the category of its magnitude.
  static func of(_ count: Int, in language: StudyLanguage) -> PluralCategory {
    let n = count.magnitude
    switch language {
    case .en, .de:
      return n == 1 ? .one : .other
    case .es:
      if n == 1 { return .one }
      return n != 0 && n % 1_000_000 == 0 ? .many : .other
    case .fr:
      if n <= 1 { return .one }
      return n % 1_000_000 == 0 ? .many : .other
    case .ar:
      switch (n, n % 100) {
      case (0, _): return .zero
      case (1, _): return .one
      case (2, _): return .two
      case (_, 3...10): return .few
      case (_, 11...99): return .many
      default: return .other
      }
    }
  }

  /// The categories `language` distinguishes: every plural entry of its catalogue has each of them.
  static func used(by language: StudyLanguage) -> [PluralCategory] {
    switch language {
    case .en, .de: [.one, .other]
    case .es, .fr: [.one, .many, .other]
    case .ar: [.zero, .one, .two, .few, .many, .other]
    }
  }
}
