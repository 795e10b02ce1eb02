/// What a reader can do about a refused file or analysis, kept as data beside the engine's neutral
/// message so each front end words it with its own controls: the command line as its flags, the web
/// app as its forms' labels. The engine itself never names a flag or a control.
public enum Remedy: Sendable, Hashable {
  /// Leave out the records that cannot be used; `plural` when the message names more than one.
  case skipInvalid(plural: Bool)
  /// Read every sort with a free distribution instead of the grid most sorts share.
  case readFree
  /// Give the file's real text encoding.
  case giveEncoding
  /// Choose the number of factors kept, from 1 to `maximum`.
  case chooseFactors(maximum: Int)

  /// The remedy in words that name no control, appended to the message (with its own leading
  /// punctuation): what ``QMethodError/description`` says.
  public var neutralWording: String {
    switch self {
    case .skipInvalid(let plural): ", or leave \(plural ? "them" : "it") out"
    case .readFree: ", or read every sort with a free distribution"
    case .giveEncoding: "; give its real encoding (UTF-8, UTF-16, Windows-1252, Latin-1 or Shift-JIS)"
    case .chooseFactors(let maximum): "; choose 1 to \(maximum) factors"
    }
  }
}

extension QMethodError {
  /// The remedies this error offers (none for most).
  public var remedies: [Remedy] {
    if case .remedied(_, let remedies) = self { return remedies }
    return []
  }

  /// The error without its remedies.
  public var withoutRemedies: QMethodError {
    if case .remedied(let error, _) = self { return error.withoutRemedies }
    return self
  }

  /// The message with each remedy worded by `word` (the command line: its flags; the web app: its
  /// forms' controls). `word` returns the words to append, with their leading punctuation.
  public func described(remedies word: (Remedy) -> String) -> String {
    withoutRemedies.description + remedies.map(word).joined()
  }
}
