import ArgumentParser
import Foundation
import QMethod

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert Q-sort data between PQMethod .DAT/.STA, CSV and JSON.",
    discussion: """
      Reads .DAT (with its .STA), CSV (statements as rows, or sorts as rows as KADE reads it), the
      engine's JSON, or easy-htmlq / EQ Web Sort / Quince JSON exports; writes .DAT (+ .STA), CSV or
      JSON, chosen by OUT's extension or --to.
      """)

  @Argument(help: "The file to read.") var input: String
  @Argument(help: "The file to write (.DAT, .csv or .json).") var output: String
  @Option(help: "Statement texts, one per line (PQMethod .STA layout).") var statements: String?
  @Option(help: "Input format: \(QDataFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var from: String?
  @Option(help: "Output format: pqmethodDAT, csvStatementsAsRows, csvSortsAsRows or json.") var to: String?

  func validate() throws {
    for (name, value) in [("--from", from), ("--to", to)] {
      if let value, QDataFormat(rawValue: value) == nil {
        throw ValidationError(
          "\(name) \(value): use one of \(QDataFormat.allCases.map(\.rawValue).joined(separator: ", "))")
      }
    }
    if let to, QDataFormat(rawValue: to)?.isWritable == false {
      throw ValidationError("--to \(to): that format can be read but not written")
    }
  }

  func run() throws {
    let inputURL = URL(commandLinePath: input)
    let outputURL = URL(commandLinePath: output)
    let data = try reportingErrors { () throws(QMethodError) in
      try QDataReader.read(
        url: inputURL, format: from.flatMap(QDataFormat.init(rawValue:)),
        statementsFile: statements.map(URL.init(commandLinePath:)))
    }
    try reportingErrors { () throws(QMethodError) in
      try QDataWriter.write(data, to: outputURL, format: to.flatMap(QDataFormat.init(rawValue:)))
    }
    printError("wrote \(data.sortCount) sorts × \(data.statementCount) statements to \(output)")
  }
}
