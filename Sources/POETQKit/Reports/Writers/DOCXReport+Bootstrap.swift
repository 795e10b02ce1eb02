import Foundation
import QMethod

extension DOCXReport {
  /// The report's "Stability (bootstrap)" section: how it was drawn, every factor's stability, then
  /// each factor's unstable statements and flags (the full tables are in the workbook).
  static func bootstrap(_ input: ReportInput, into body: inout WordBody) throws {
    guard let bootstrap = input.result.bootstrap else { return }
    try body.heading("Stability (bootstrap)", level: 1)
    try body.paragraph(ReportTables.bootstrapMethod(bootstrap) + ".")
    try body.table(ReportTables.bootstrapFactors(bootstrap))
    for factor in input.result.factorLabels.indices {
      if let table = ReportTables.bootstrapStatements(input, factor: factor, onlyUnstable: true), table.rowCount > 0 {
        try body.table(table)
      }
      if let table = ReportTables.bootstrapFlags(input, factor: factor, onlyUnstable: true), table.rowCount > 0 {
        try body.table(table)
      }
    }
    try body.paragraph("Every statement's and every sort's bootstrap figures are in the workbook (XLSX).", italic: true)
  }
}
