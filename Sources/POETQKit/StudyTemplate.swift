import Foundation

/// A ready-made study design that a researcher can copy into a new study: the Q-set, the grid,
/// the questionnaires and the case-study sites. Plain data, so the server, the CLI and the tests
/// can share it without a database.
public struct StudyTemplate: Sendable, Codable, Equatable {
  /// The study title shown to researchers and participants.
  public var title: String
  /// A short researcher-facing description of what the study is about.
  public var description: String
  /// The condition of instruction: the question participants answer by sorting the statements.
  public var instruction: String
  /// The label of the disagree end of the grid (e.g. "Most disagree").
  public var disagreeLabel: String
  /// The label of the agree end of the grid (e.g. "Most agree").
  public var agreeLabel: String
  /// The Q-set, in the numbering researchers know it by.
  public var statements: [TemplateStatement]
  /// The forced distribution, from the most negative score to the most positive.
  public var columns: [TemplateColumn]
  /// The questionnaire items asked before and after the sort, in the order they are asked.
  public var questions: [TemplateQuestion]
  /// The names of the case-study sites; every participant belongs to one.
  public var sites: [String]
  /// The grid scores whose statements participants are asked to comment on ("why did you place this here?").
  public var commentScores: [Int]

  /// Creates a template from its parts.
  public init(
    title: String,
    description: String,
    instruction: String,
    disagreeLabel: String,
    agreeLabel: String,
    statements: [TemplateStatement],
    columns: [TemplateColumn],
    questions: [TemplateQuestion],
    sites: [String],
    commentScores: [Int]
  ) {
    self.title = title
    self.description = description
    self.instruction = instruction
    self.disagreeLabel = disagreeLabel
    self.agreeLabel = agreeLabel
    self.statements = statements
    self.columns = columns
    self.questions = questions
    self.sites = sites
    self.commentScores = commentScores
  }

  /// The total number of places in the grid (the sum of the column capacities).
  public var gridCapacity: Int { columns.reduce(0) { $0 + $1.capacity } }

  /// The questions asked in one phase, in order.
  public func questions(in phase: TemplateQuestion.Phase) -> [TemplateQuestion] {
    questions.filter { $0.phase == phase }
  }
}

/// One statement of a template's Q-set.
public struct TemplateStatement: Sendable, Codable, Equatable {
  /// The statement number (unique within the template, starting at 1).
  public var number: Int
  /// The statement as participants read it.
  public var text: String
  /// Codes from the sampling framework: a dimension (e.g. "Partnership") optionally followed by
  /// dimension-qualified themes (e.g. "Partnership: Trust"). Codes never contain ";".
  public var codes: [String]

  /// Creates a statement.
  public init(number: Int, text: String, codes: [String]) {
    self.number = number
    self.text = text
    self.codes = codes
  }
}

/// One column of a template's grid.
public struct TemplateColumn: Sendable, Codable, Equatable {
  /// The score statements in this column receive (e.g. −4…+4).
  public var score: Int
  /// How many statements the column holds.
  public var capacity: Int
  /// The label shown above the column.
  public var label: String

  /// Creates a column.
  public init(score: Int, capacity: Int, label: String) {
    self.score = score
    self.capacity = capacity
    self.label = label
  }
}

/// One questionnaire item of a template.
public struct TemplateQuestion: Sendable, Codable, Equatable {
  /// When the question is asked relative to the sort.
  public enum Phase: String, Sendable, Codable, CaseIterable {
    /// Asked before the sort (the pre-sort questionnaire).
    case before
    /// Asked after the sort (the post-sort questionnaire).
    case after
  }

  /// How the question is answered. Raw values match the server's stored question kinds.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// Exactly one of the options.
    case singleChoice = "single_choice"
    /// Any number of the options.
    case multipleChoice = "multiple_choice"
    /// One of the options, which are the labelled points of a scale, lowest first.
    case ratingScale = "rating_scale"
    /// A number.
    case number
    /// A line of text.
    case shortText = "short_text"
    /// A paragraph of text.
    case longText = "long_text"

    /// Whether the question is answered by choosing among `options`.
    public var hasOptions: Bool {
      switch self {
      case .singleChoice, .multipleChoice, .ratingScale: return true
      case .number, .shortText, .longText: return false
      }
    }
  }

  /// Before or after the sort.
  public var phase: Phase
  /// A stable name for exports (e.g. "role"); unique within the template.
  public var key: String
  /// How the question is answered.
  public var kind: Kind
  /// The question as participants read it.
  public var prompt: String
  /// The choices, or the labelled scale points lowest first; empty for number and text questions.
  public var options: [String]
  /// Whether the participant must answer before moving on.
  public var required: Bool

  /// Creates a question.
  public init(phase: Phase, key: String, kind: Kind, prompt: String, options: [String] = [], required: Bool) {
    self.phase = phase
    self.key = key
    self.kind = kind
    self.prompt = prompt
    self.options = options
    self.required = required
  }
}
