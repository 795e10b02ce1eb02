/// The pages before a study: sign-in, first-run setup and an invitation to join. Each model carries
/// where its form posts and the links it shows.
enum LoginPage {
  static let template = "session/login"

  struct Model: Encodable, Sendable {
    var error: String?
    /// What was typed, offered again after a refusal (never the password).
    var email = ""
    var action = SiteRoute.login.href
  }

  static let mock = Model()
}

enum SetupPage {
  static let template = "setup/show"

  struct Model: Encodable, Sendable {
    var error: String?
    var name = ""
    var email = ""
    var action = SiteRoute.setup.href
  }

  static let mock = Model()
}

enum JoinPage {
  static let template = "session/join"

  struct Model: Encodable, Sendable {
    var valid: Bool
    var studyTitle: String
    var email: String
    var role: String
    var hasAccount: Bool
    var name: String
    var error: String?
    /// Where the form posts (the invitation's own address) and where to sign in first.
    var action: String
    var login = SiteRoute.login.href
  }

  /// The page of a link that is unknown, used or expired.
  static let invalid = Model(
    valid: false, studyTitle: "", email: "", role: "", hasAccount: false, name: "", error: nil, action: "")

  /// An invitation to work on a study as a researcher, for someone without an account yet.
  static let mock = Model(
    valid: true, studyTitle: "Partnership in practice", email: "grace@example.org", role: "researcher",
    hasAccount: false, name: "", error: nil, action: SiteRoute.join(token: .value("mock-token")).href)
}
