import QMethod

extension Remedy {
  /// The remedy as the command line offers it: by its flags, appended to the engine's message.
  var commandLineWording: String {
    switch self {
    case .skipInvalid(let plural): ", or read with --skip-invalid to leave \(plural ? "them" : "it") out"
    case .readFree: ", read with --free to analyse every sort with a free distribution"
    case .giveEncoding: "; give its real encoding with --encoding (utf-8, utf-16, windows-1252, latin-1, shift-jis)"
    case .chooseFactors(let maximum): "; --factors must be between 1 and \(maximum)"
    }
  }
}
