import Foundation
import Testing

/// The text a downloaded report holds, read the way its reader would: the Word document's paragraphs
/// (python-docx), the workbook's cells sheet by sheet (openpyxl), the ZIP's files (Python's zipfile).
/// Without python3 and the package the check is skipped with a printed reason, and fails under CI.
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
    guard (try? python(["-c", "import \(module)"]).status) == 0 else {
      if ProcessInfo.processInfo.environment["CI"] != nil {
        Issue.record("\(package) is missing; CI must run this check")
      } else {
        print("SKIP (downloads): python3 with \(package) not found; the \(module) check did not run")
      }
      return nil
    }
    let directory = FileManager.default.temporaryDirectory
    let file = directory.appendingPathComponent("poetq-download-\(UUID().uuidString).\(ext)")
    let scriptFile = directory.appendingPathComponent("poetq-read-\(UUID().uuidString).py")
    try data.write(to: file)
    try script.write(to: scriptFile, atomically: true, encoding: .utf8)
    defer {
      try? FileManager.default.removeItem(at: file)
      try? FileManager.default.removeItem(at: scriptFile)
    }
    let (status, output, error) = try python([scriptFile.path, file.path])
    guard status == 0 else {
      Issue.record("python3 failed (\(status)): \(error)")
      return nil
    }
    return try JSONDecoder().decode(T.self, from: output)
  }

  private static func python(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, data, errorText)
  }
}
