import QMethod

extension Remedy {
  /// The remedy as the web pages offer it: by the controls of the import preview, the Grid tab and the
  /// run form (never a command-line flag), appended to the engine's message.
  var webWording: String {
    switch self {
    case .skipInvalid(let plural):
      ", or tick “Skip the invalid sorts” on the import preview to leave \(plural ? "them" : "it") out"
    case .readFree: ", or make the study’s grid free (Grid tab) to take sorts of any shape"
    case .giveEncoding: "; save the file as UTF-8 (or UTF-16) and upload it again"
    case .chooseFactors(let maximum): "; give 1 to \(maximum) in “Factors kept”"
    }
  }
}

extension QMethodError {
  /// The engine's message as a web page or the API shows it: its remedies worded as the pages'
  /// controls (``Remedy/webWording``).
  var webMessage: String { described { $0.webWording } }
}
