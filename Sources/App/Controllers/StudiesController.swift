import Fluent
import POETQKit
import Vapor

/// The researcher's studies: the list, a new study (blank or from the POETQ template) and a study's
/// overview. Editing pages for each part of the study hang off the overview.
struct StudiesController: RouteCollection {
  struct StudyRow: Encodable {
    var title: String
    var slug: String
    var status: String
    var role: String
  }

  struct IndexPage: Encodable {
    var title = "Studies"
    var csrf: String
    var userName: String
    var studies: [StudyRow]
    var error: String?
  }

  struct NewStudyForm: Content {
    var title: String
    var template: String
  }

  func boot(routes: any RoutesBuilder) throws {
    let signedIn = routes.grouped(User.redirectMiddleware(path: "/login"))
    signedIn.get("studies", use: index)
    signedIn.grouped(CSRFMiddleware()).post("studies", use: create)
    signedIn.get("studies", ":slug", use: show)
  }

  func create(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    let form = try req.content.decode(NewStudyForm.self)
    let template: StudyTemplate?
    switch form.template {
    case "blank": template = nil
    default:
      guard let known = StudyFactory.templates[form.template] else {
        throw Abort(.unprocessableEntity, reason: "Template: choose the POETQ template or a blank study.")
      }
      template = known
    }
    do {
      let study = try await StudyFactory.create(title: form.title, template: template, owner: user, on: req.db)
      return req.redirect(to: "/studies/\(study.slug)")
    } catch let error as Abort where error.status == .unprocessableEntity {
      let page = try await indexPage(req, user: user, error: error.reason)
      let response = try await req.view.render("studies/index", page).encodeResponse(for: req)
      response.status = .unprocessableEntity
      return response
    }
  }

  struct OverviewPage: Encodable {
    var title: String
    var csrf: String
    var userName: String
    var study: StudySummary
    var statements: [StatementRow]
    var codeCounts: [CodeCount]
    var columns: [ColumnRow]
    var gridCapacity: Int
    var gridMatches: Bool
    var questionsBefore: [QuestionRow]
    var questionsAfter: [QuestionRow]
    var sites: [String]
    var role: String
  }

  struct StudySummary: Encodable {
    var title: String
    var slug: String
    var status: String
    var sortMode: String
    var distributionKind: String
    var instruction: String
  }

  struct StatementRow: Encodable {
    var number: Int
    var text: String
    var codes: String
  }

  struct CodeCount: Encodable {
    var code: String
    var count: Int
  }

  struct ColumnRow: Encodable {
    var score: String
    var capacity: Int
    var label: String
  }

  struct QuestionRow: Encodable {
    var prompt: String
    var kind: String
    var required: Bool
  }

  func show(req: Request) async throws -> View {
    let user = try req.auth.require(User.self)
    let (study, role) = try await StudyAccess.study(
      slug: req.parameters.get("slug") ?? "", user: user, atLeast: .viewer, on: req.db)
    let studyID = try study.requireID()
    let statements = try await StudyStatement.query(on: req.db).filter(\.$study.$id == studyID)
      .sort(\.$position).all()
    let columns = try await DistributionColumn.query(on: req.db).filter(\.$study.$id == studyID).sort(\.$score).all()
    let questions = try await Question.query(on: req.db).filter(\.$study.$id == studyID).sort(\.$position).all()
    let sites = try await Site.query(on: req.db).filter(\.$study.$id == studyID).sort(\.$position).all()
    var counts: [String: Int] = [:]
    for statement in statements {
      for code in statement.codeList { counts[code, default: 0] += 1 }
    }
    let capacity = columns.reduce(0) { $0 + $1.capacity }
    let questionRow = { (question: Question) in
      QuestionRow(
        prompt: question.prompt, kind: question.kind.rawValue.replacingOccurrences(of: "_", with: " "),
        required: question.required)
    }
    let page = OverviewPage(
      title: study.title, csrf: CSRF.token(for: req), userName: user.name,
      study: StudySummary(
        title: study.title, slug: study.slug, status: study.status.rawValue, sortMode: study.sortMode.rawValue,
        distributionKind: study.distributionKind.rawValue, instruction: study.instruction),
      statements: statements.map {
        StatementRow(number: $0.number, text: $0.text, codes: $0.codeList.joined(separator: ", "))
      },
      codeCounts: counts.map { CodeCount(code: $0.key, count: $0.value) }.sorted { $0.code < $1.code },
      columns: columns.map {
        ColumnRow(score: $0.score > 0 ? "+\($0.score)" : String($0.score), capacity: $0.capacity, label: $0.label)
      },
      gridCapacity: capacity, gridMatches: capacity == statements.count && !statements.isEmpty,
      questionsBefore: questions.filter { $0.phase == .before }.map(questionRow),
      questionsAfter: questions.filter { $0.phase == .after }.map(questionRow),
      sites: sites.map(\.name), role: role.rawValue)
    return try await req.view.render("studies/show", page)
  }

  func index(req: Request) async throws -> View {
    let user = try req.auth.require(User.self)
    return try await req.view.render("studies/index", indexPage(req, user: user, error: nil))
  }

  func indexPage(_ req: Request, user: User, error: String?) async throws -> IndexPage {
    let memberships = try await StudyMembership.query(on: req.db)
      .filter(\.$user.$id == user.requireID())
      .with(\.$study)
      .all()
    let rows = memberships.map {
      StudyRow(title: $0.study.title, slug: $0.study.slug, status: $0.study.status.rawValue, role: $0.role.rawValue)
    }
    .sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
    return IndexPage(csrf: CSRF.token(for: req), userName: user.name, studies: rows, error: error)
  }
}
