/// The page every error becomes (``ErrorPageMiddleware``): the status, a heading, the reason meant
/// for the reader, and the reference of a server error that is also in the log.
enum ErrorPage {
  static let template = "errors/show"
  typealias Model = ErrorPageMiddleware.ErrorContent

  /// A study that is not there (or not the reader's): the snapshot's page.
  static let mock = Model(
    status: 404, heading: "Not found", reason: "There is no study at this address, or it is not shared with you.",
    reference: nil)
}

/// The page that offers an expired form again (``CSRF/expired(_:)``).
enum ResubmitPage {
  static let template = "errors/resubmit"
}
