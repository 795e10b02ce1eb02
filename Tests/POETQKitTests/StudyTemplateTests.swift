import Foundation
import Testing

@testable import POETQKit

@Suite("Built-in POETQ template")
struct StudyTemplateTests {
  let template = StudyTemplate.poetqJointCommissioning

  @Test func hasFortyStatementsNumberedOneToFortyUniquely() {
    #expect(template.statements.count == 40)
    #expect(template.statements.map(\.number) == Array(1...40))
    #expect(Set(template.statements.map(\.number)).count == template.statements.count)
  }

  @Test func statementTextsAreNonEmptyAndDistinct() {
    for statement in template.statements {
      #expect(!statement.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "statement \(statement.number)")
      #expect(statement.text == statement.text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #expect(Set(template.statements.map(\.text)).count == 40)
  }

  @Test func appendixTextIsKeptVerbatim() {
    let byNumber = Dictionary(uniqueKeysWithValues: template.statements.map { ($0.number, $0.text) })
    #expect(byNumber[1] == "Joint commissioning is about delivering more for less.")
    #expect(
      byNumber[21]
        == "Properly done, joint commissioning can deliver a quantum leap in how organisations work together.")
    #expect(byNumber[40] == "Joint commissioning is about improved primary prevention and early intervention.")
  }

  @Test func gridIsNineColumnsSummingToFortyAndSymmetric() {
    let columns = template.columns
    #expect(columns.map(\.score) == Array(-4...4))
    #expect(columns.map(\.capacity) == [2, 3, 4, 6, 10, 6, 4, 3, 2])
    #expect(template.gridCapacity == template.statements.count)
    #expect(columns.map(\.capacity) == columns.reversed().map(\.capacity))
    for column in columns {
      #expect(!column.label.isEmpty)
    }
    #expect(columns.first?.label == template.disagreeLabel)
    #expect(columns.last?.label == template.agreeLabel)
  }

  @Test func everyStatementHasAValid4PCode() {
    let dimensions = Set(StudyTemplate.fourPFramework.map(\.dimension))
    #expect(dimensions == ["People", "Partnership", "Professional", "Productivity"])
    var themeCodes = Set<String>()
    for entry in StudyTemplate.fourPFramework {
      #expect(entry.themes.count == 9)
      for theme in entry.themes { themeCodes.insert("\(entry.dimension): \(theme)") }
    }
    for statement in template.statements {
      let statementDimensions = statement.codes.filter(dimensions.contains)
      #expect(statementDimensions.count >= 1, "statement \(statement.number) has no 4P dimension")
      for code in statement.codes {
        #expect(dimensions.contains(code) || themeCodes.contains(code), "unknown code \(code)")
        #expect(!code.contains(";"))
        if let dimension = code.split(separator: ":").first, code.contains(":") {
          #expect(statement.codes.contains(String(dimension)), "theme without its dimension: \(code)")
        }
      }
    }
  }

  @Test func everyDimensionIsRepresented() {
    for entry in StudyTemplate.fourPFramework {
      let count = template.statements.filter { $0.codes.contains(entry.dimension) }.count
      #expect(count >= 8, "\(entry.dimension) has only \(count) statements")
    }
  }

  @Test func questionKeysAreUniqueAndChoiceQuestionsHaveOptions() {
    let keys = template.questions.map(\.key)
    #expect(Set(keys).count == keys.count)
    for question in template.questions {
      #expect(!question.key.isEmpty)
      #expect(!question.prompt.isEmpty)
      if question.kind.hasOptions {
        #expect(question.options.count >= 2, "\(question.key) needs options")
        #expect(Set(question.options).count == question.options.count)
      } else {
        #expect(question.options.isEmpty, "\(question.key) should not have options")
      }
    }
  }

  @Test func preSortQuestionsCoverTheReportsMetadata() {
    let before = Set(template.questions(in: .before).map(\.key))
    for key in ["role", "organisation", "profession", "time_in_post", "understanding"] {
      #expect(before.contains(key))
    }
    let ratings = template.questions(in: .before).filter { $0.kind == .ratingScale && $0.key.hasPrefix("partners_") }
    #expect(ratings.count >= 3)
  }

  @Test func fiveSitesAndCommentsOnTheOutermostColumns() {
    #expect(template.sites == ["Site A", "Site B", "Site C", "Site D", "Site E"])
    #expect(template.commentScores == [-4, 4])
    let scores = Set(template.columns.map(\.score))
    for score in template.commentScores {
      #expect(scores.contains(score))
    }
  }

  @Test func participantTextsArePresent() {
    #expect(!template.title.isEmpty)
    #expect(!template.description.isEmpty)
    #expect(!template.instruction.isEmpty)
  }

  @Test func roundTripsThroughJSON() throws {
    let data = try JSONEncoder().encode(template)
    let decoded = try JSONDecoder().decode(StudyTemplate.self, from: data)
    #expect(decoded == template)
  }
}
