import ArgumentParser

@main
struct POETQCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "poetq",
    abstract: "POETQ: Q-methodology studies from invitation to report.",
    discussion: """
      The analysis engine runs from the command line today:
        poetq analyze LIPSET.DAT --extraction pca --factors 3
        poetq convert study.csv study.DAT
      The web application (studies, participants, monitoring) is built in the server issue.
      """,
    subcommands: [AnalyzeCommand.self, ConvertCommand.self, ServeCommand.self]
  )
}
