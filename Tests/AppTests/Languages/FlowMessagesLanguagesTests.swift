import Foundation
import POETQKit
import Testing

@testable import App

/// The refusals a participant reads, composed in every language from counted texts: each one a
/// whole sentence (no `{placeholder}` left, no key shown instead of a text), and the form follows
/// the count.
@Suite("Flow messages in every language")
struct FlowMessagesLanguagesTests {
  static func refusals(count: Int) -> [FlowError] {
    let missing = (0..<max(count, 2)).map { FlowError.MissingAnswer(key: "q\($0)", prompt: "Your role?") }
    return [
      .presortUnfinished(remaining: count),
      .columnFull(score: 4, capacity: count),
      .gridIncomplete((0..<count).map { GridPlacementError.notPlaced($0 + 1) }),
      .gridIncomplete([.wrongColumnCount(score: -3, holds: count, capacity: count + 1)]),
      .answersRequired(missing),
      .answerInvalid(prompt: "Your role?", problem: .tooLong(limit: count)),
      .commentsRequired(statements: [1, 2]),
      .commentTooLong(statement: 1, limit: count),
    ]
  }

  @Test("every counted refusal is a whole sentence in each language, for 0, 1, 2, 3, 11 and 100")
  func wholeSentences() throws {
    let locales = try Locales.load(resourcesDirectory: LocaleCatalogueTests.root.path + "/Resources/")
    let keys = Set(try LocaleCatalogueTests.catalogue(.en).keys)
    for language in StudyLanguage.allCases {
      let messages = FlowMessages(texts: locales.texts(for: language), statements: [1: "One.", 2: "Two."])
      for count in [0, 1, 2, 3, 11, 100] {
        for refusal in Self.refusals(count: count) {
          let text = messages.refusal(refusal)
          #expect(!text.contains("{") && !keys.contains(text) && !text.isEmpty, "\(language.tag) \(count): \(text)")
        }
      }
    }
  }

  @Test("the form follows the count: Arabic says 3 and 11 statements differently, English 1 and 2")
  func formsFollowCount() throws {
    let locales = try Locales.load(resourcesDirectory: LocaleCatalogueTests.root.path + "/Resources/")
    let arabic = FlowMessages(texts: locales.texts(for: .ar), statements: [:])
    #expect(arabic.refusal(.presortUnfinished(remaining: 3)) == "بقيت 3 عبارات للفرز.")
    #expect(arabic.refusal(.presortUnfinished(remaining: 11)) == "بقيت 11 عبارة للفرز.")
    #expect(arabic.refusal(.presortUnfinished(remaining: 2)) == "بقيت عبارتان للفرز.")
    let english = FlowMessages(texts: locales.texts(for: .en), statements: [:])
    #expect(english.refusal(.presortUnfinished(remaining: 1)) == "1 statement is still to sort.")
    #expect(english.refusal(.presortUnfinished(remaining: 2)) == "2 statements are still to sort.")
    let french = FlowMessages(texts: locales.texts(for: .fr), statements: [:])
    #expect(french.refusal(.gridIncomplete([.notPlaced(1)])) == "1 énoncé n’est pas encore placé.")
  }
}
