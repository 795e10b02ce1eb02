import ArgumentParser
import Foundation
import QMethod

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert Q-sort data between PQMethod .DAT/.STA, CSV and JSON.",
    discussion: """
      Reads .DAT (with its .STA), CSV (statements as rows, or sorts as rows as KADE reads it, with or
      without a header), HTMLQ / FlashQ and EQ Web Sort / Quince results tables, KADE's .xlsx, the
      engine's JSON, or easy-htmlq / EQ Web Sort / Quince / Ken-Q JSON exports; writes .DAT (+ .STA),
      CSV or JSON, chosen by OUT's extension or --to. A CSV's row labels are unique and never empty,
      so R reads it with read.csv(file, row.names = 1).

      Sort ids longer than PQMethod's 8 characters (Firebase push ids) are shortened to unique
      8-character ids when writing a .DAT, and the mapping is printed; --ids keep refuses them instead,
      --ids number numbers the sorts 1, 2, 3, ….
      """)

  @Argument(help: "The file to read.") var input: String
  @Argument(help: "The file to write (.DAT, .csv or .json).") var output: String
  @Option(help: "Statement texts, one per line (PQMethod .STA layout).") var statements: String?
  @Option(help: "Input format: \(QDataFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var from: String?
  @Option(help: "Output format: pqmethodDAT, csvStatementsAsRows, csvSortsAsRows or json.") var to: String?
  @Option(help: "Sort ids: keep, shorten (to 8 characters, unique; the default for .DAT) or number.")
  var ids: SortIDStyle?
  @OptionGroup var read: ReadFlags

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
    let readOptions = try read.options()
    var data = try reportingErrors { () throws(QMethodError) in
      try QDataReader.read(
        url: inputURL, format: from.flatMap(QDataFormat.init(rawValue:)),
        statementsFile: statements.map(URL.init(commandLinePath:)), options: readOptions)
    }
    for note in data.notes { printError("note: \(note)") }
    let format = try reportingErrors { () throws(QMethodError) in
      if let given = to.flatMap(QDataFormat.init(rawValue:)) { return given }
      return try QDataFormat.forWriting(url: outputURL)
    }
    let style = ids ?? (format == .pqmethodDAT ? .shorten : .keep)
    let renamed = data.rewriteSortIDs(style)
    if !renamed.isEmpty {
      printError("sort ids \(style == .number ? "numbered" : "shortened") (old → new):")
      for (old, new) in renamed { printError("  \(old) → \(new)") }
    }
    try reportingErrors { () throws(QMethodError) in
      try QDataWriter.write(data, to: outputURL, format: format)
    }
    printError("wrote \(data.sortCount) sorts × \(data.statementCount) statements to \(output)")
  }
}

extension SortIDStyle: ExpressibleByArgument {}
