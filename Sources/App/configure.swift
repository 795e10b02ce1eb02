import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

/// Assembles the application from its configuration: database, migrations, sessions, middleware,
/// views and routes. The one place the app is put together.
public func configure(_ app: Application, config: AppConfig) async throws {
  app.poetqConfig = config
  // SQLite does its work on threads of its own (SQLiteThreads), one writer at a time: a request that
  // waits behind a long write (a demo, an import, a thousand new codes) should wait, not fail, and
  // its transactions begin IMMEDIATE so that they wait too (Services/Operations/WaitingWriters.swift).
  // Waiting for a connection is bounded generously: on a loaded two-core machine 200 writers queued at
  // once took over a minute, and with a one-minute bound 40 of them failed (SQLiteWritersTests in a
  // full run). Ten minutes still ends a true deadlock with an error.
  let connectionWait = TimeAmount.minutes(10)
  switch config.database {
  case .sqlite(let path):
    if let path {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      app.databases.use(.sqliteWithWaitingWriters(.file(path), connectionPoolTimeout: connectionWait), as: .sqlite)
      app.logger.notice("Database: SQLite at \(path)")
    } else {
      app.databases.use(.sqliteWithWaitingWriters(.memory, connectionPoolTimeout: connectionWait), as: .sqlite)
      app.logger.notice("Database: SQLite in memory")
    }
  case .postgres(let url):
    // One connection per event loop (Fluent's default) left two connections on two cores, so a
    // request waited for a connection while PostgreSQL sat idle between round trips. Four per loop
    // (eight on two cores, 4 × cores in general) keeps PostgreSQL's own processes busy without
    // outnumbering what it can run at once; a request that still finds none waits, not fails.
    try app.databases.use(
      .postgres(
        url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: connectionWait),
      as: .psql)
    app.logger.notice("Database: PostgreSQL")
  }
  app.databases.middleware.useDesignVersions()
  app.migrations.add(POETQMigrations.all)

  app.sessions.use { _ in SessionStore() }
  app.sessions.configuration.cookieName = "poetq_session"
  let secure = config.secureCookies
  app.sessions.configuration.cookieFactory = { sessionID in
    HTTPCookies.Value(
      string: sessionID.string, maxAge: Int(SessionStore.lifetime), path: "/", isSecure: secure, isHTTPOnly: true,
      sameSite: .lax)
  }

  app.middleware = Middlewares()
  // Outermost: one log line and one count per request, with the status the error pages chose.
  app.serviceMetrics = ServiceMetrics()
  app.requestLog = RequestLog()
  app.middleware.use(RequestLogMiddleware())
  app.middleware.use(SecurityHeadersMiddleware())
  app.middleware.use(ErrorPageMiddleware())
  app.middleware.use(ShutdownGate.Middleware(gate: app.shutdownGate))
  app.middleware.use(PathLengthMiddleware())
  app.middleware.use(PublicFilesMiddleware(files: FileMiddleware(publicDirectory: app.directory.publicDirectory)))
  app.middleware.use(app.sessions.middleware)
  app.middleware.use(User.sessionAuthenticator())

  // Participant posts and API bodies: what their longest legitimate content needs (long answers,
  // a full statements PUT of 200 long statements); form routes collect their own limit first.
  app.routes.defaultMaxBodySize = ByteCount(value: BodyLimit.text)
  app.views.use(.leaf)
  app.locales = try Locales.load(resourcesDirectory: app.directory.resourcesDirectory)
  app.studyDesignCache = StudyDesignCache()
  if let smtp = config.smtp {
    app.mailer = SMTPMailer(configuration: smtp, group: app.eventLoopGroup)
    app.logger.notice("Mail: SMTP relay \(smtp.summary)")
  } else {
    app.logger.notice("Mail: off (POETQ_SMTP_HOST is not set); the Participants page offers the links as CSV")
  }
  app.passwordHasher = PasswordHasher()
  app.lifecycle.use(PasswordHasherLifecycle())
  app.lifecycle.use(AnalysisRunner.Lifecycle())
  app.lifecycle.use(MailWorker.Lifecycle())
  try routes(app)
  try app.register(collection: MetricsController())
}

extension Application {
  private struct ConfigKey: StorageKey { typealias Value = AppConfig }

  /// The configuration `configure(_:config:)` was given.
  var poetqConfig: AppConfig {
    get { storage[ConfigKey.self]! }
    set { storage[ConfigKey.self] = newValue }
  }
}
