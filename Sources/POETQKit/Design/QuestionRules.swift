import Foundation

/// What makes a questionnaire item acceptable: a prompt, a stable export key, and options exactly
/// when the kind needs them.
public enum QuestionRules {
  public static let maxPromptLength = 300
  public static let maxOptions = 30
  public static let maxKeyLength = 40

  /// The question cleaned and checked. An empty key is made from the prompt.
  /// - Parameter otherKeys: the keys of the study's other questions (keys are unique per study).
  /// - Throws: ``DesignError`` naming `Prompt`, `Key` or `Options`.
  public static func checked(_ question: TemplateQuestion, otherKeys: Set<String>) throws(DesignError)
    -> TemplateQuestion
  {
    var result = question
    result.prompt = question.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !result.prompt.isEmpty else { throw DesignError(field: "Prompt", "a question needs a prompt.") }
    guard result.prompt.count <= maxPromptLength else {
      throw DesignError(field: "Prompt", "keep the prompt under \(maxPromptLength) characters.")
    }
    let key = question.key.trimmingCharacters(in: .whitespaces)
    result.key = key.isEmpty ? suggestedKey(for: result.prompt, avoiding: otherKeys) : key
    guard result.key.count <= maxKeyLength,
      result.key.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }),
      result.key.first?.isLetter == true
    else {
      throw DesignError(
        field: "Key",
        "\"\(result.key)\" must start with a letter and use only a–z, 0–9 and _ (it names the column in exports).")
    }
    guard !otherKeys.contains(result.key) else {
      throw DesignError(field: "Key", "another question already uses the key \"\(result.key)\".")
    }
    let options = question.options.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    if question.kind.hasOptions {
      guard options.count >= 2 else {
        throw DesignError(
          field: "Options", "a \(kindName(question.kind)) question needs at least two options, one per line.")
      }
      guard options.count <= maxOptions else {
        throw DesignError(field: "Options", "keep it to \(maxOptions) options.")
      }
      guard Set(options).count == options.count else {
        throw DesignError(field: "Options", "each option may appear only once.")
      }
      result.options = options
    } else {
      result.options = []
    }
    return result
  }

  /// A key made from a prompt ("What is your role?" → "what_is_your_role"), unique among `keys`.
  public static func suggestedKey(for prompt: String, avoiding keys: Set<String>) -> String {
    let words = prompt.lowercased().folding(options: .diacriticInsensitive, locale: nil)
      .split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
      .prefix(5)
    var stem = String(words.joined(separator: "_").prefix(maxKeyLength - 3))
    if stem.isEmpty || stem.first?.isLetter != true { stem = "q_" + stem }
    var candidate = stem
    var suffix = 2
    while keys.contains(candidate) {
      candidate = "\(stem)_\(suffix)"
      suffix += 1
    }
    return candidate
  }

  /// "single choice", "rating scale" …
  public static func kindName(_ kind: TemplateQuestion.Kind) -> String {
    kind.rawValue.replacingOccurrences(of: "_", with: " ")
  }
}
