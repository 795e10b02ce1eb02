import ArgumentParser
import QMethod

/// How `analyze` and `convert` read files that are not quite right.
struct ReadFlags: ParsableArguments {
  @Flag(
    name: .customLong("skip-invalid"),
    help:
      "Leave out unusable records (another length, a repeated id, an empty sort, off the shared grid); each is noted.")
  var skipInvalid = false
  @Option(
    help:
      "The text encoding of the data and statement files: utf-8, utf-16, windows-1252, latin-1 or shift-jis (default: detected, and said when guessed)."
  )
  var encoding: String?
  @Flag(help: "Read every sort with a free distribution when some sorts break the grid the others share.")
  var free = false

  func validate() throws { _ = try options() }

  func options() throws -> ReadOptions {
    var options = ReadOptions(skipInvalid: skipInvalid, free: free)
    if let encoding {
      guard let chosen = TextEncoding(name: encoding) else {
        throw ValidationError("--encoding \(encoding): use utf-8, utf-16, windows-1252, latin-1 or shift-jis")
      }
      options.encoding = chosen
    }
    return options
  }
}
