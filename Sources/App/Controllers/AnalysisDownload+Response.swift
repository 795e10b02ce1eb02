import Foundation
import Vapor

extension AnalysisDownload {
  /// The file as a download. Written on the blocking pool: a workbook of thousands of sorts takes a
  /// while.
  func response(for report: AnalysisReport, slug: String, on req: Request) async throws -> Response {
    let input = report.input
    let format = self
    let body: Data = try await req.application.threadPool.runIfActive { try format.data(input) }
    let response = Response.download(
      body, name: report.fileName(slug, fileExtension), type: contentType,
      disposition: opensInline ? .inline : .attachment)
    if opensInline {
      // The report is one self-contained file (its styles inline, figures as inline SVG): it may
      // style itself and nothing else.
      response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.reportPolicy)
    }
    return response
  }
}
