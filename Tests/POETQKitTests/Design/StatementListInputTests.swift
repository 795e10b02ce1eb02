import Testing

@testable import POETQKit

@Suite("Pasted and uploaded statement lists")
struct StatementListInputTests {
  @Test("plain lines: numbered or not, codes after a bar, blank lines skipped")
  func plainLines() throws {
    let text = """
      Trust grows slowly | Partnership; Partnership: trust

      12. Budgets should be pooled | Productivity
      3 partners is too many
      """
    let statements = try StatementListInput.parse(text, firstNumber: 5)
    #expect(statements.map(\.number) == [5, 12, 13])
    #expect(statements[0].text == "Trust grows slowly")
    #expect(statements[0].codes == ["Partnership", "Partnership: trust"])
    #expect(statements[1].text == "Budgets should be pooled")
    #expect(statements[2].text == "3 partners is too many", "a leading number without . ) : or tab is text")
  }

  @Test("CSV with a header, quoted cells holding commas, and codes separated by semicolons")
  func csv() throws {
    let text = """
      number,text,codes
      4,"Pooled budgets, shared risks",Productivity;People
      ,Another one,
      """
    let statements = try StatementListInput.parse(text, fileName: "qset.csv")
    #expect(statements.map(\.number) == [4, 5])
    #expect(statements[0].text == "Pooled budgets, shared risks")
    #expect(statements[0].codes == ["Productivity", "People"])
    #expect(statements[1].codes.isEmpty)
  }

  @Test("pasted text whose first row names a text column is read as CSV")
  func pastedCSV() throws {
    let statements = try StatementListInput.parse("text;codes\nA statement;People\n")
    #expect(statements == [TemplateStatement(number: 1, text: "A statement", codes: ["People"])])
  }

  @Test("errors name the line and the field")
  func errors() {
    #expect(
      throws: DesignError(
        field: "Number", line: 3, "statement number 1 is used twice (line 1); numbers must be unique.")
    ) {
      try StatementListInput.parse("1. One\n2. Two\n1. Again")
    }
    #expect(throws: DesignError(field: "Text", line: 2, "a statement needs some text.")) {
      try StatementListInput.parse("number,text\n1,\n", fileName: "list.csv")
    }
    #expect(throws: DesignError(field: "Number", line: 2, "\"x\" is not a whole number.")) {
      try StatementListInput.parse("number,text\nx,Hello\n", fileName: "list.csv")
    }
    #expect(throws: DesignError.self) { try StatementListInput.parse("codes,notes\nA,B\n", fileName: "list.csv") }
    #expect(throws: DesignError(field: "Statements", "the list is empty; paste one statement per line.")) {
      try StatementListInput.parse("\n  \n")
    }
    let long = String(repeating: "a", count: QSetRules.maxTextLength + 1)
    #expect(throws: DesignError.self) { try StatementListInput.parse(long) }
  }

  @Test("the count per code shows the balance of the sampling framework")
  func codeCounts() {
    let counts = QSetRules.codeCounts([
      TemplateStatement(number: 1, text: "a", codes: ["People", "People: choice"]),
      TemplateStatement(number: 2, text: "b", codes: ["People"]),
      TemplateStatement(number: 3, text: "c", codes: []),
    ])
    #expect(counts.map(\.code) == ["People", "People: choice"])
    #expect(counts.map(\.count) == [2, 1])
  }
}
