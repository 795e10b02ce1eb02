import Testing

@testable import App

/// The plural rules against the examples of Unicode CLDR's `plurals.xml` (integer samples).
@Suite("Plural categories")
struct PluralCategoryTests {
  static func categories(_ language: StudyLanguage, _ counts: [Int]) -> [PluralCategory] {
    counts.map { PluralCategory.of($0, in: language) }
  }

  @Test("English and German: one for 1, other for the rest")
  func englishAndGerman() {
    for language in [StudyLanguage.en, .de] {
      #expect(PluralCategory.of(1, in: language) == .one, "\(language)")
      let others = [0, 2, 3, 16, 100, 1000, 10000, 100_000, 1_000_000]
      #expect(Self.categories(language, others).allSatisfy { $0 == .other }, "\(language)")
    }
    #expect(PluralCategory.of(-1, in: .en) == .one, "a negative count takes its magnitude's form")
  }

  @Test("French: one for 0 and 1, many for whole millions, other for the rest")
  func french() {
    #expect(Self.categories(.fr, [0, 1]) == [.one, .one])
    #expect(Self.categories(.fr, Array(2...17) + [100, 1000, 10000, 100_000]).allSatisfy { $0 == .other })
    #expect(Self.categories(.fr, [1_000_000, 2_000_000]) == [.many, .many])
  }

  @Test("Spanish: one for 1, many for whole millions, other for the rest (0 too)")
  func spanish() {
    #expect(PluralCategory.of(1, in: .es) == .one)
    #expect(Self.categories(.es, [0] + Array(2...16) + [100, 1000, 10000, 100_000]).allSatisfy { $0 == .other })
    #expect(PluralCategory.of(1_000_000, in: .es) == .many)
  }

  @Test("Arabic: zero, one, two, few (n % 100 in 3…10), many (n % 100 in 11…99), other")
  func arabic() {
    #expect(Self.categories(.ar, [0, 1, 2]) == [.zero, .one, .two])
    #expect(Self.categories(.ar, Array(3...10) + Array(103...110) + [1003]).allSatisfy { $0 == .few })
    #expect(Self.categories(.ar, Array(11...26) + [99, 111, 1011]).allSatisfy { $0 == .many })
    #expect(
      Self.categories(.ar, [100, 101, 102, 200, 201, 202, 300, 1000, 10000, 100_000]).allSatisfy { $0 == .other })
  }

  @Test("every category a rule gives is one its language's catalogue must have")
  func usedCategories() {
    for language in StudyLanguage.allCases {
      let given = Set(
        (Array(0...1200) + [1_000_000, 2_000_000, 1_000_001]).map { PluralCategory.of($0, in: language) })
      #expect(given == Set(PluralCategory.used(by: language)), "\(language)")
    }
  }
}
