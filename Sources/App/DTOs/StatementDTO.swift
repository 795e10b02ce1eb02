import Vapor

/// One statement of the Q-set: `{"number": 7, "text": "…", "codes": ["Partnership"]}`.
struct StatementDTO: Content, Equatable {
  var number: Int
  var text: String
  var codes: [String]

  init(number: Int, text: String, codes: [String]) {
    self.number = number
    self.text = text
    self.codes = codes
  }

  init(_ statement: StudyStatement) {
    self.init(number: statement.number, text: statement.text, codes: statement.codeList)
  }
}
