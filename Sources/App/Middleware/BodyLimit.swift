import Vapor

/// How much a form or API request may carry, from what it can legitimately hold. Vapor's default
/// (16 KB) would refuse an ordinary information sheet once it arrives in several TCP segments.
enum BodyLimit {
  /// Every text form and participant post: a study's texts, a question's options, long answers.
  static let text = 1 << 20
  /// A pasted or uploaded participant list: 5,000 lines of e-mail, name and site (see `ParticipantList`).
  static let participantList = 2 << 20
  /// An uploaded data file (`.DAT` + `.STA`, CSV or JSON) of thousands of sorts.
  static let dataUpload = 8 << 20
  /// Confirming an import re-posts the file (base64, a third larger) with the statements file.
  static let dataImportConfirm = 24 << 20

  /// "1 MB", "8 MB": the limit as a person reads it.
  static func describe(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes >> 10) KB"
  }

  /// Collects the body up to `max` bytes before anything reads it. A body over that is refused
  /// (413, naming the limit) as soon as the bytes received pass it, whatever `Content-Length` said;
  /// the page never repeats what was sent (a 45 MB post once came back as a 46 MB page).
  static func collect(_ request: Request, max: Int) async throws {
    guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else { return }
    // A body that arrived whole (small enough for one read, or handed over in-process) is measured too.
    if let whole = request.body.data {
      guard whole.readableBytes <= max else { throw tooLarge(max) }
      return
    }
    do {
      _ = try await request.body.collect(max: max).get()
    } catch let error as any AbortError where error.status == .payloadTooLarge {
      throw tooLarge(max)
    }
  }

  static func tooLarge(_ limit: Int) -> Abort {
    Abort(
      .payloadTooLarge,
      reason: "What you sent is larger than this form accepts (\(describe(limit))). Nothing was saved: go back, "
        + "shorten it or split a long list into several parts, and send it again.")
  }
}

/// Collects a request's body (up to `max` bytes) before the middleware after it and the route read
/// it: a body that arrives in pieces is whole by the time the CSRF check or the form decoder looks.
struct CollectBody: AsyncMiddleware {
  let max: Int

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    try await BodyLimit.collect(request, max: max)
    return try await next.respond(to: request)
  }
}
