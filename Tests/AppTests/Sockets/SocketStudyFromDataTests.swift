import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// "New study from data" posted to the app served on a real port as a browser posts it (multipart,
/// then the preview's form), for LIPSET as .DAT + .STA, CSV and KADE workbook; each study's PCA
/// equals the engine's on the file. A lying .STA over the same socket creates nothing.
@Suite("New study from data over real sockets")
struct SocketStudyFromDataTests {
  @Test("LIPSET three ways, uploaded and confirmed over a socket, analysed as the CLI does; a short .STA refused")
  func uploads() async throws {
    try StudyFromDataFixture.requireReference()
    try await withRunningPOETQ { app, baseURL in
      var session = try await SocketFormTests.researcher(app, baseURL)
      let uploads: [(files: [(field: String, name: String, data: Data)], title: String)] = [
        (
          [
            ("dat", "LIPSET.DAT", try StudyFromDataFixture.file("LIPSET.DAT")),
            ("sta", "LIPSET.STA", try StudyFromDataFixture.file("LIPSET.STA")),
          ], "lipset: Lipset (1963) value patterns, cf. Brown 1980"
        ),
        ([("file", "lipset.csv", try StudyFromDataFixture.file("lipset.csv"))], "lipset"),
        ([("file", "lipset-kade.xlsx", try StudyFromDataFixture.kadeWorkbook())], "Lipset from KADE"),
      ]
      for (index, upload) in uploads.enumerated() {
        let framing = SocketFormTests.framings[index % SocketFormTests.framings.count]
        try await session.get("/studies/from-data")
        let preview = try await session.postMultipart(
          "/studies/from-data", fields: [], files: upload.files, framing: framing)
        #expect(preview.status == 200, "\(upload.title) (\(framing)): \(preview.status) \(preview.body.prefix(300))")
        #expect(preview.body.contains("<dd id=\"preview-sorts\">9 in the file, 9 to import</dd>"))
        let created = try await session.postForm(
          "/studies/from-data/confirm", TestBrowser.hiddenFields(preview.body), framing: framing)
        #expect(created.status == 303, "\(upload.title): \(created.status) \(created.body.prefix(300))")
        let study = try #require(try await Study.query(on: app.db).filter(\.$title == upload.title).first())
        #expect(created.header("Location") == "/studies/\(study.slug)")
        #expect(try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID()).count() == 9)

        try await session.get("/studies/\(study.slug)/analyses/new")
        let run = try await session.postForm(
          "/studies/\(study.slug)/analyses",
          StudyFromDataFixture.pcaFields(sites: try await StudyFromDataFixture.sites(study, on: app.db)))
        #expect(run.status == 303, "the analysis is queued: \(run.status) \(run.body.prefix(300))")
        try await StudyFromDataFixture.expectEngineResult(app, study: study)
      }

      try await session.get("/studies/from-data")
      let studies = try await Study.query(on: app.db).count()
      let lie = try #require(try StudyFromDataFixture.lyingUploads().last)
      let refused = try await session.postMultipart("/studies/from-data", fields: [], files: lie.files)
      #expect(refused.status == 422)
      for name in lie.names { #expect(refused.body.contains(name)) }
      #expect(try await Study.query(on: app.db).count() == studies, "nothing was created")

      // Over the upload limit of the Data tab's import (8 MB): 413 naming it, nothing created.
      try await session.get("/studies/from-data")
      let huge = try await session.postMultipart(
        "/studies/from-data", fields: [], files: [("file", "huge.csv", Data(count: BodyLimit.dataUpload + 1))])
      #expect(huge.status == 413)
      #expect(huge.body.contains("(8 MB)"))
      #expect(try await Study.query(on: app.db).count() == studies)
    }
  }
}
