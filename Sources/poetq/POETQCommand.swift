import ArgumentParser

@main
struct POETQCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "poetq",
    abstract: "POETQ: Q-methodology studies from invitation to report.",
    discussion: """
      Start the web application with `poetq serve`; analyse data from the shell:
        poetq analyze LIPSET.DAT --extraction pca --factors 3
        poetq convert study.csv study.DAT
        poetq sites sorts.csv --groups groups.csv
      Back up while it runs: `poetq backup --out poetq-backup.sqlite`; `poetq restore` brings one back.
      Try it with data: `poetq demo` creates a study with synthetic sorts.
      """,
    subcommands: [
      ServeCommand.self, MigrateCommand.self, UserCommand.self, DemoCommand.self, AnalyzeCommand.self,
      ConvertCommand.self, SitesCommand.self, ConformanceCommand.self, BackupCommand.self, RestoreCommand.self,
    ]
  )
}
