import Foundation
import POETQKit
import Testing

@testable import App

/// Every interface catalogue (`Resources/Locales/<tag>/participant.json`) is complete: English's keys
/// exactly, each with the same kind (text or plural), the same `{placeholders}`, the plural forms its
/// language uses and no others, and no empty text.
@Suite("Interface catalogues")
struct LocaleCatalogueTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func catalogue(_ language: StudyLanguage) throws -> [String: CatalogueValue] {
    let file = root.appendingPathComponent("Resources/Locales/\(language.tag)/participant.json")
    return try JSONDecoder().decode([String: CatalogueValue].self, from: Data(contentsOf: file))
  }

  @Test("every language POETQ offers has a catalogue, and the app loads each one")
  func everyLanguageLoads() throws {
    let locales = try Locales.load(resourcesDirectory: Self.root.path + "/Resources/")
    #expect(locales.languages == StudyLanguage.allCases)
    for language in StudyLanguage.allCases {
      let texts = locales.texts(for: language)
      #expect(texts.language == language.tag)
      #expect(texts("language") == language.tag, "\(language.tag): the language entry")
      #expect(texts("languageName") == language.autonym, "\(language.tag): the languageName entry")
    }
  }

  @Test("every catalogue has English's keys, kinds and placeholders, its language's plural forms, no empty text")
  func everyCatalogueComplete() throws {
    let english = try Self.catalogue(.en)
    #expect(english.count > 170, "the English catalogue was read")
    for language in StudyLanguage.allCases {
      let problems = CatalogueCheck.problems(of: try Self.catalogue(language), in: language, english: english)
      #expect(problems.isEmpty, "\(language.tag):\n\(problems.joined(separator: "\n"))")
    }
  }

  @Test("the check names a missing key, an extra key, a lost or renamed placeholder, a missing plural form")
  func checkNamesEachProblem() throws {
    let english = try Self.catalogue(.en)
    var french = try Self.catalogue(.fr)
    french["closedText"] = nil
    french["closedTexte"] = .text("Elle n’accepte plus de réponses.")
    french["stepOf"] = .text("Étape {numero} sur {total} : {name}")
    french["consentVersion"] = .text("Formulaire de consentement")
    french["placingUnplaced"] = .plural(["one": "{count} énoncé reste à placer", "other": "{count} énoncés restent"])
    french["errorNotPlaced"] = .plural(["one": "1", "few": "{count}", "many": "{count}", "other": "{count}"])
    french["saved"] = .text("  ")
    french["presortHeading"] = .plural(["one": "Première impression", "many": "x", "other": "Premières impressions"])
    let problems = CatalogueCheck.problems(of: french, in: .fr, english: english)
    let expected = [
      "missing key \"closedText\"",
      "extra key \"closedTexte\"",
      "\"stepOf\": placeholders {name}, {numero}, {total} instead of {name}, {number}, {total}",
      "\"consentVersion\": placeholders (none) instead of {version}",
      "\"placingUnplaced\": no \"many\" form",
      "\"errorNotPlaced\": a \"few\" form, which French never uses",
      "\"saved\": empty",
      "\"presortHeading\": plural forms where English has a text",
    ]
    for problem in expected { #expect(problems.contains(problem), "\(problem) in \(problems)") }
    #expect(problems.count == expected.count, "\(problems)")
  }

  @Test("a catalogue with an unknown plural category does not load, naming the file and the key")
  func unknownCategoryRefused() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-locales-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("Locales/fr"), withIntermediateDirectories: true)
    try Data(#"{"language": "fr", "placingUnplaced": {"one": "{count}", "plural": "{count}"}}"#.utf8)
      .write(to: directory.appendingPathComponent("Locales/fr/participant.json"))
    #expect {
      try ParticipantTexts.load(language: "fr", resourcesDirectory: directory.path + "/")
    } throws: { error in
      "\(error)".contains("Locales/fr/participant.json") && "\(error)".contains("placingUnplaced")
        && "\(error)".contains("\"plural\"")
    }
  }

  @Test("a counted text takes its language's form: French 0 and 1 alike, Arabic's six forms")
  func pluralForms() throws {
    let locales = try Locales.load(resourcesDirectory: Self.root.path + "/Resources/")
    let english = locales.texts(for: .en)
    #expect(english.plural("rankingAgree", count: 1) == "Choose the statement you agree with most")
    #expect(english.plural("rankingAgree", count: 3) == "Choose the 3 statements you agree with most")
    #expect(english.plural("placedSummary", count: 1, ["score": "+4"]) == "1 statement placed in +4")
    #expect(english("rankingAgree") == "rankingAgree", "a counted text asked for without a count shows its key")
    let french = locales.texts(for: .fr)
    #expect(french.plural("placingUnplaced", count: 0) == "0 énoncé reste à placer")
    #expect(french.plural("placingUnplaced", count: 1) == "1 énoncé reste à placer")
    #expect(french.plural("placingUnplaced", count: 2) == "2 énoncés restent à placer")
    let arabic = locales.texts(for: .ar)
    let forms = [0, 1, 2, 3, 11, 100].map { arabic.plural("placingUnplaced", count: $0) }
    #expect(Set(forms).count == 6, "six different forms: \(forms)")
    #expect(forms[3] == "بقيت 3 عبارات لوضعها")
    #expect(forms[4] == "بقيت 11 عبارة لوضعها")
    let german = locales.texts(for: .de)
    #expect(
      german.plural("errorWrongColumnCount", count: 1, ["score": "+2", "holds": 1, "capacity": 3])
        == "Spalte +2 enthält 1 Aussage, fasst aber 3.")
  }

  @Test("a quoted statement that ends a sentence takes no second full stop, in each language's quotes")
  func tidyQuotes() {
    #expect(ParticipantTexts.tidy("Placé : «\u{00A0}Fin.\u{00A0}».") == "Placé : «\u{00A0}Fin.\u{00A0}»")
    #expect(ParticipantTexts.tidy("Eingeordnet: „Ende.“.") == "Eingeordnet: „Ende.“")
    #expect(ParticipantTexts.tidy("Placed: “End.”, “Next”") == "Placed: “End”, “Next”")
  }
}

/// What is wrong with a catalogue, compared with English, one line per problem.
enum CatalogueCheck {
  static func problems(
    of catalogue: [String: CatalogueValue], in language: StudyLanguage, english: [String: CatalogueValue]
  ) -> [String] {
    var problems: [String] = []
    for key in Set(english.keys).subtracting(catalogue.keys).sorted() { problems.append("missing key \"\(key)\"") }
    for key in Set(catalogue.keys).subtracting(english.keys).sorted() { problems.append("extra key \"\(key)\"") }
    let used = Set(PluralCategory.used(by: language).map(\.rawValue))
    for key in Set(catalogue.keys).intersection(english.keys).sorted() {
      guard let value = catalogue[key], let source = english[key] else { continue }
      switch (source, value) {
      case (.text, .plural): problems.append("\"\(key)\": plural forms where English has a text")
      case (.plural, .text): problems.append("\"\(key)\": a text where English has plural forms")
      case (.text, .text(let text)):
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("\"\(key)\": empty") }
      case (.plural, .plural(let forms)):
        for category in used.subtracting(forms.keys).sorted(by: order) {
          problems.append("\"\(key)\": no \"\(category)\" form")
        }
        for category in Set(forms.keys).subtracting(used).sorted(by: order) {
          problems.append("\"\(key)\": a \"\(category)\" form, which \(language.englishName) never uses")
        }
        for (category, text) in forms.sorted(by: { $0.key < $1.key })
        where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
          problems.append("\"\(key)\": empty \"\(category)\" form")
        }
      }
      let expected = placeholders(source)
      let found = placeholders(value)
      if expected != found {
        problems.append("\"\(key)\": placeholders \(list(found)) instead of \(list(expected))")
      }
    }
    return problems
  }

  /// The `{names}` of a text, or of all the forms of a plural entry together (a form may leave the
  /// count out: "Choose the statement…", Arabic's "two" form).
  static func placeholders(_ value: CatalogueValue) -> Set<String> {
    let texts: [String] =
      switch value {
      case .text(let text): [text]
      case .plural(let forms): Array(forms.values)
      }
    var names = Set<String>()
    for text in texts {
      var rest = Substring(text)
      while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
        names.insert(String(rest[rest.index(after: open)..<close]))
        rest = rest[rest.index(after: close)...]
      }
    }
    return names
  }

  private static func list(_ names: Set<String>) -> String {
    names.isEmpty ? "(none)" : names.sorted().map { "{\($0)}" }.joined(separator: ", ")
  }

  private static func order(_ a: String, _ b: String) -> Bool {
    let all = PluralCategory.allCases.map(\.rawValue)
    return (all.firstIndex(of: a) ?? 0) < (all.firstIndex(of: b) ?? 0)
  }
}
