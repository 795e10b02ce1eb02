import Vapor

/// Refuses a path longer than any page of POETQ can have (414) before the static files are looked
/// up, and keeps the file system from seeing a path segment it cannot hold ("File name too long"
/// would otherwise be a 500): such a path is simply no file, and goes on to the routes (404).
struct PathLengthMiddleware: AsyncMiddleware {
  static let maxPathBytes = 2_048
  /// The longest file name Linux and macOS file systems hold (NAME_MAX).
  static let maxSegmentBytes = 255

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard request.url.path.utf8.count <= Self.maxPathBytes else {
      throw Abort(.uriTooLong, reason: "This address is longer than any page of POETQ. Check the link you followed.")
    }
    return try await next.respond(to: request)
  }
}

/// The files under `Public/`, looked up only for paths a file could have.
struct PublicFilesMiddleware: AsyncMiddleware {
  let files: FileMiddleware

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let segments = request.url.path.split(separator: "/")
    guard request.method == .GET || request.method == .HEAD,
      segments.allSatisfy({ $0.utf8.count <= PathLengthMiddleware.maxSegmentBytes })
    else { return try await next.respond(to: request) }
    return try await files.respond(to: request, chainingTo: next).get()
  }
}
