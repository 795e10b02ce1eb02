import Vapor

/// What the base layout (`layouts/base`) needs on every page: the page title, the session's CSRF
/// token (the sign-out form and every form on the page use it) and who is signed in (`nil` on the
/// sign-in and setup pages, which then show no navigation).
struct Layout: Encodable, Sendable {
  var title: String
  var csrf: String
  var userName: String?
  /// The bar's links, under `nav` so that no page's own names collide with them.
  var nav = Nav()

  /// The bar's links: the start page, the studies, and where signing out posts.
  struct Nav: Encodable, Sendable {
    var home = SiteRoute.home.href
    var studies = SiteRoute.studies.href
    var logout = SiteRoute.logout.href
  }

  /// - Parameter sessionRead: false for an error page, whose request may have been refused before
  ///   the session was read (a path too long for the file system, say): it then takes a token only
  ///   from a session that exists, and starts none.
  init(title: String, req: Request, sessionRead: Bool = true) {
    self.title = title
    self.csrf = sessionRead || req.hasSession ? CSRF.token(for: req) : ""
    self.userName = req.auth.get(User.self)?.name
  }

  /// A layout from plain values: page snapshots (`Tests/AppTests/Snapshots`) render with it.
  init(title: String, csrf: String, userName: String?) {
    self.title = title
    self.csrf = csrf
    self.userName = userName
  }
}

/// A page in the base layout: the layout's fields and the page's own side by side at the top level
/// of the template's context (`#(title)`, `#(csrf)`, and the content's own names).
struct Page<Content: Encodable>: Encodable {
  var layout: Layout
  var content: Content

  func encode(to encoder: any Encoder) throws {
    try layout.encode(to: encoder)
    try content.encode(to: encoder)
  }
}

/// A builder page about one study: the layout, the study's header with its tabs, and the page's
/// own content, all at the top level of the template's context (`#(header.slug)` and so on).
struct StudyPage<Content: Encodable>: Encodable {
  var layout: Layout
  var header: StudyHeader
  var content: Content

  private enum CodingKeys: String, CodingKey { case header }

  func encode(to encoder: any Encoder) throws {
    try layout.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(header, forKey: .header)
    try content.encode(to: encoder)
  }
}

extension Request {
  /// Renders `template` in the base layout with `content`.
  func renderPage(
    _ template: String, title: String, _ content: some Encodable, status: HTTPResponseStatus = .ok,
    sessionRead: Bool = true
  ) async throws -> Response {
    let page = Page(layout: Layout(title: title, req: self, sessionRead: sessionRead), content: content)
    let response = try await view.render(template, page).encodeResponse(for: self)
    response.status = status
    CSRF.attachCookie(to: response, for: self)
    return response
  }

  /// Renders a builder page of `section` for the study of `context`: the title names the page and
  /// the study, the header carries the tabs, the flash message and `error` (a refused change).
  func renderStudyPage(
    _ template: String, _ context: StudyContext, section: StudySection, title: String? = nil,
    _ content: some Encodable, error: String? = nil
  ) async throws -> View {
    let header = try await StudyHeader.make(context, section: section, req: self, error: error)
    let page = StudyPage(
      layout: Layout(title: "\(title ?? section.title) · \(context.study.title)", req: self), header: header,
      content: content)
    return try await view.render(template, page)
  }
}

extension StudyPage: Sendable where Content: Sendable {}
extension Page: Sendable where Content: Sendable {}
