import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting
import ZIPFoundation

@testable import App

/// LIPSET (Brown 1980's 9 sorts × 33 statements, `../shared/reference/lipset`) as the three kinds
/// of file "New study from data" takes, the lying variants of each, and the check that an analysis
/// of the created study equals the engine's on the file (what `poetq analyze` computes).
enum StudyFromDataFixture {
  static let reference: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/lipset")

  /// Goes on when the reference files are there; otherwise the test is reported skipped with the
  /// reason, and under CI it fails.
  static func requireReference(sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard FileManager.default.fileExists(atPath: reference.appendingPathComponent("LIPSET.DAT").path) else {
      if ProcessInfo.processInfo.environment["CI"] != nil {
        Issue.record(
          "../shared/reference/lipset is missing; CI must run beside shared/", sourceLocation: sourceLocation)
      }
      try Test.cancel("reference data not found at \(reference.path)", sourceLocation: sourceLocation)
    }
  }

  static func file(_ name: String) throws -> Data { try Data(contentsOf: reference.appendingPathComponent(name)) }

  /// LIPSET as the CLI reads it: the .DAT with the .STA beside it.
  static func lipset() throws -> QSortData { try QDataReader.read(url: reference.appendingPathComponent("LIPSET.DAT")) }

  /// The options of the run form's "PCA, 3 factors, varimax" and the engine's result on the file.
  static func engineResult() throws -> AnalysisResult {
    var options = AnalysisOptions()
    options.extraction = .pca
    options.factors = 3
    options.rotation = .varimax
    return try QAnalysis.run(lipset(), options: options)
  }

  /// The run form's fields for PCA with 3 factors, varimax, on every site of the study.
  static func pcaFields(sites: [String]) -> [(String, String)] {
    [
      ("name", "PCA 3"), ("extraction", "pca"), ("factors", "3"), ("rotation", "varimax"), ("flagP", "0.05"),
      ("majority", "on"),
    ] + sites.map { ("site", $0) }
  }

  /// Waits for the newest analysis of the app and checks it against the engine's result on LIPSET.DAT:
  /// eigenvalues, loadings and factor arrays to 1e-9 (the same numbers in the same order; only
  /// floating-point summation order could differ).
  static func expectEngineResult(_ app: Application, study: Study) async throws {
    let analysis = try #require(
      try await Analysis.query(on: app.db).filter(\.$study.$id == study.requireID()).sort(\.$createdAt, .descending)
        .first())
    for _ in 0..<120 where try await Analysis.find(analysis.id, on: app.db)?.status != .done {
      await app.analysisRunner.wakeAndWait(for: try analysis.requireID(), upTo: .seconds(1))
    }
    let stored = try #require(try await Analysis.find(analysis.id, on: app.db))
    #expect(stored.status == .done, "the analysis of the created study ran")
    let result = try #require(try await StoredResults.result(of: stored, on: app.db))
    let engine = try engineResult()
    #expect(result.sorts == engine.sorts)
    #expect(result.eigenvalues.count == engine.eigenvalues.count)
    for (a, b) in zip(result.eigenvalues, engine.eigenvalues) { #expect(abs(a - b) < 1e-9) }
    for (row, expected) in zip(result.loadings, engine.loadings) {
      for (a, b) in zip(row, expected) { #expect(abs(a - b) < 1e-9) }
    }
    #expect(result.factorArrays == engine.factorArrays)
  }

  /// The names of a study's sites, in order (the run form's site boxes).
  static func sites(_ study: Study, on db: any Database) async throws -> [String] {
    try await Site.query(on: db).filter(\.$study.$id == study.requireID()).sort(\.$position).all().map(\.name)
  }

  // MARK: - KADE workbooks

  /// LIPSET as a KADE workbook: sheets name, sorts (header `id,1…33`), pattern, statements.
  static func kadeWorkbook(sorts: Bool = true) throws -> Data {
    let data = try lipset()
    var sortRows: [[String]] = [["id"] + (1...data.statementCount).map(String.init)]
    if sorts {
      for index in 0..<data.sortCount {
        sortRows.append([data.sortIDs[index]] + data.sort(index).map(String.init))
      }
    }
    let pattern: [String] = (data.distribution.minScore...data.distribution.maxScore).enumerated().flatMap {
      offset, score in Array(repeating: String(score), count: data.distribution.capacities?[offset] ?? 0)
    }
    return try workbook(sheets: [
      ("name", [["Project name", "Lipset from KADE"]]),
      ("sorts", sortRows),
      ("pattern", [pattern]),
      ("statements", [["Statements"]] + data.statements.map { [String($0.number), $0.text] }),
    ])
  }

  /// An .xlsx of inline-string and number cells, laid out as Excel writes one (ECMA-376).
  static func workbook(sheets: [(name: String, rows: [[String]])]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    func add(_ path: String, _ text: String) throws {
      let bytes = Data(text.utf8)
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
      ) { position, size in bytes.subdata(in: Int(position)..<(Int(position) + size)) }
    }
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let package = "http://schemas.openxmlformats.org/package/2006"
    try add(
      "[Content_Types].xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"\(package)/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
    )
    try add(
      "_rels/.rels",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"\(package)/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    )
    let list = sheets.enumerated().map {
      "<sheet name=\"\($0.element.name)\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>"
    }
    try add(
      "xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>\(list.joined())</sheets></workbook>")
    let relations = sheets.indices.map {
      "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
    }
    try add(
      "xl/_rels/workbook.xml.rels",
      "<Relationships xmlns=\"\(package)/relationships\">\(relations.joined())</Relationships>")
    for (index, sheet) in sheets.enumerated() {
      var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(main)\"><sheetData>"
      for (r, row) in sheet.rows.enumerated() {
        xml += "<row r=\"\(r + 1)\">"
        for (c, cell) in row.enumerated() {
          let ref = "\(columnName(c))\(r + 1)"
          if Int(cell) != nil {
            xml += "<c r=\"\(ref)\"><v>\(cell)</v></c>"
          } else {
            let escaped = cell.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(escaped)</t></is></c>"
          }
        }
        xml += "</row>"
      }
      try add("xl/worksheets/sheet\(index + 1).xml", xml + "</sheetData></worksheet>")
    }
    return try #require(archive.data)
  }

  static func columnName(_ index: Int) -> String {
    var index = index + 1
    var name = ""
    while index > 0 {
      let remainder = (index - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + remainder))) + name
      index = (index - 1) / 26
    }
    return name
  }

  // MARK: - Lying files

  /// Files that claim to be data and are not, each with what the refusal must name.
  static func lyingUploads() throws -> [(
    what: String, files: [(field: String, name: String, data: Data)], names: [String]
  )] {
    var csvLines = String(decoding: try file("lipset.csv"), as: UTF8.self).split(separator: "\n").map(String.init)
    csvLines[4] = String(csvLines[4].split(separator: ",").dropLast().joined(separator: ","))  // line 5 is short
    let sta = String(decoding: try file("LIPSET.STA"), as: UTF8.self).split(separator: "\n").dropLast(2)
    return [
      (
        "a .DAT that is not one",
        [("dat", "LIAR.DAT", Data("Dear colleague,\nplease find the sorts attached.\nBest wishes\n".utf8))],
        ["LIAR.DAT"]
      ),
      (
        "a CSV with a ragged row", [("file", "ragged.csv", Data(csvLines.joined(separator: "\n").utf8))],
        ["ragged.csv", "line 5"]
      ),
      (
        "a workbook with no sorts", [("file", "empty.xlsx", try kadeWorkbook(sorts: false))],
        ["empty.xlsx", "sheet sorts"]
      ),
      (
        "a .STA with fewer statements than the .DAT",
        [("dat", "LIPSET.DAT", try file("LIPSET.DAT")), ("sta", "SHORT.STA", Data(sta.joined(separator: "\n").utf8))],
        ["SHORT.STA", "31 statement texts", "LIPSET.DAT has 33"]
      ),
    ]
  }
}
