import Foundation
import QMethod

/// What a researcher reads to interpret one factor (section 3.4.5 of the report: "putting flesh on
/// the skeleton"), computed from the result alone; ``FactorAids/make(factor:input:)`` builds it.
public struct FactorAids: Sendable, Equatable {
  /// A statement with this factor's array score and z-score.
  public struct StatementScore: Sendable, Equatable {
    public var number: Int
    public var text: String
    public var score: Int?
    public var z: Double?
  }

  /// Another factor's score for a statement.
  public struct OtherFactor: Sendable, Equatable {
    /// 1-based factor number.
    public var factor: Int
    public var label: String
    public var score: Int?
    public var z: Double?
  }

  /// The significance of a difference between two factors' z-scores.
  public enum Significance: String, Sendable, Equatable {
    case p05 = "p<.05"
    case p01 = "p<.01"
  }

  /// Whether this factor ranks a statement higher or lower than another factor (by z-score).
  public enum Direction: String, Sendable, Equatable {
    case higher
    case lower
  }

  /// One other factor in a distinguishing statement's comparison.
  public struct Comparison: Sendable, Equatable {
    public var other: OtherFactor
    public var direction: Direction
    /// The pair's difference as a significance level, `nil` when below p < .05.
    public var significance: Significance?
  }

  /// A distinguishing statement: significant at `level` (the engine's verdict), with its direction
  /// against each other factor.
  public struct DistinguishingStatement: Sendable, Equatable {
    public var statement: StatementScore
    public var level: Significance
    public var comparisons: [Comparison]
  }

  /// A statement with this factor's and the other factors' scores.
  public struct Contrast: Sendable, Equatable {
    public var statement: StatementScore
    public var others: [OtherFactor]
  }

  /// One column of the factor array drawn as the sorting grid: its score, its capacity and its
  /// statements, highest z-score first (the top of the column).
  public struct GridColumn: Sendable, Equatable {
    public var score: Int
    public var label: String
    public var capacity: Int?
    public var statements: [StatementScore]
  }

  /// The crib sheet as Watts & Stenner (2012, pp. 150–156) and KADE lay it out.
  public struct CribSheet: Sendable, Equatable {
    /// Statements at the highest score of the grid.
    public var highest: [Contrast]
    /// Statements ranked higher in this factor than in any other (not already at the highest).
    public var higher: [Contrast]
    /// Statements ranked lower in this factor than in any other (not already at the lowest).
    public var lower: [Contrast]
    /// Statements at the lowest score of the grid.
    public var lowest: [Contrast]
  }

  /// One exemplar (defining sort) with what the participant brought.
  public struct Exemplar: Sendable, Equatable {
    public var sort: String
    public var loading: Double
    /// |loading| ≥ 0.70, the conventional mark of a strong exemplar.
    public var isStrong: Bool
    public var site: String
    /// Question prompt and answer(s), in the order asked.
    public var answers: [Answer]
    /// The participant's comments, most agree first.
    public var comments: [ExemplarComment]
  }

  /// A question and the participant's answer (several joined by "; ").
  public struct Answer: Sendable, Equatable {
    public var question: String
    public var answer: String
  }

  /// A participant's comment on a statement, with the score they gave it.
  public struct ExemplarComment: Sendable, Equatable {
    public var statement: Int
    public var statementText: String
    public var score: Int?
    public var text: String
    /// The comment's language when it is not the report's: its tag (`fr`, for `lang`) and its name
    /// ("French", said after the quote); `nil` in the report's language. Comments are never translated.
    public var languageTag: String?
    public var languageName: String?
  }

  /// The factor's mean z-score over the statements of one code (Table 12's raw material).
  public struct CodeMean: Sendable, Equatable {
    public var code: String
    public var statements: Int
    public var meanZ: Double?
  }

  /// 1-based factor number and label.
  public var factor: Int
  public var label: String
  public var grid: [GridColumn]
  public var mostAgree: [StatementScore]
  public var mostDisagree: [StatementScore]
  public var distinguishing: [DistinguishingStatement]
  /// Statements this factor is neutral on (|score| ≤ ``neutralLimit``) where another factor feels
  /// strongly (|score| ≥ ``strongLimit``).
  public var neutralWhereOthersStrong: [Contrast]
  public var consensus: [Contrast]
  public var crib: CribSheet
  public var exemplars: [Exemplar]
  public var codeProfile: [CodeMean]
  /// The scores counted as neutral and as strong for ``neutralWhereOthersStrong``.
  public var neutralLimit: Int
  public var strongLimit: Int
}
