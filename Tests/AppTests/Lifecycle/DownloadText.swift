import Foundation
import TestSupport
import Testing

/// The text a downloaded report holds, read the way its reader would: the Word document's paragraphs
/// (python-docx), the workbook's cells sheet by sheet (openpyxl), the ZIP's files (Python's zipfile).
/// Without python3 and the package the test is reported as skipped with the reason, and fails under CI.
enum DownloadText {
  struct Workbook: Decodable {
    /// Sheet names in order.
    var sheets: [String]
    /// Per sheet, its rows as text cells.
    var cells: [[[String]]]
  }

  static func docx(_ data: Data) throws -> [String]? {
    try run(
      data, ext: "docx", module: "docx", package: "python-docx",
      script: """
        import docx, json, sys
        print(json.dumps([p.text for p in docx.Document(sys.argv[1]).paragraphs]))
        """)
  }

  static func xlsx(_ data: Data) throws -> Workbook? {
    try run(
      data, ext: "xlsx", module: "openpyxl", package: "openpyxl",
      script: """
        import openpyxl, json, sys
        book = openpyxl.load_workbook(sys.argv[1], read_only=True)
        cells = [[["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in book.worksheets]
        print(json.dumps({"sheets": book.sheetnames, "cells": cells}))
        """)
  }

  /// File name → text of each file of a ZIP.
  static func zip(_ data: Data) throws -> [String: String]? {
    try run(
      data, ext: "zip", module: "zipfile", package: "python3",
      script: """
        import zipfile, json, sys
        z = zipfile.ZipFile(sys.argv[1])
        print(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))
        """)
  }

  private static func run<T: Decodable>(_ data: Data, ext: String, module: String, package: String, script: String)
    throws -> T?
  {
    try Python.json(reading: data, ext: ext, module: module, package: package, script: script)
  }
}
