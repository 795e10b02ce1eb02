import Testing

@testable import App

/// The study's design pages (overview, Grid, Questions, Texts and settings, Preview), each from its
/// model's mock, with the variants where the page has distinct states.
@Suite("Design pages snapshots")
struct DesignPagesSnapshotTests {
  @Test("the overview of a new draft from the POETQ template")
  func overview() async throws {
    var header = StudyHeader.mock(.overview)
    header.status = "draft"
    assertPageSnapshot(
      try await PageSnapshot.studyPage(StudyOverviewPage.template, header: header, StudyOverviewPage.Model.mock))
  }

  @Test("the overview of an open study nobody has started: close, return to draft, copy")
  func overviewOpen() async throws {
    var model = StudyOverviewPage.Model.mock
    model.study.status = "open"
    model.problems = []
    model.canReturnToDraft = true
    assertPageSnapshot(try await PageSnapshot.studyPage(StudyOverviewPage.template, section: .overview, model))
  }

  @Test("the grid editor with a forced grid")
  func grid() async throws {
    assertPageSnapshot(try await PageSnapshot.studyPage(GridPage.template, section: .grid, GridPage.Model.mock))
  }

  @Test("the grid of a study whose design is locked, seen read-only")
  func gridLocked() async throws {
    var header = StudyHeader.mock(.grid)
    header.canEditDesign = false
    header.lockedReason =
      "The Q-set and grid are locked because 9 sorts are imported; changing them would make the sorts incomparable. Copy the study to change its design."
    assertPageSnapshot(try await PageSnapshot.studyPage(GridPage.template, header: header, GridPage.Model.mock))
  }

  @Test("an empty grid, suggested and not saved yet")
  func gridEmpty() async throws {
    var model = GridPage.Model.mock
    model.columns = []
    model.total = 0
    model.unsaved = true
    assertPageSnapshot(try await PageSnapshot.studyPage(GridPage.template, section: .grid, model))
  }

  @Test("the questionnaires with a question before and after the sort")
  func questions() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(QuestionsPage.template, section: .questions, QuestionsPage.Model.mock))
  }

  @Test("no questions yet, seen by a viewer")
  func questionsViewer() async throws {
    var header = StudyHeader.mock(.questions)
    header.canEdit = false
    header.canEditDesign = false
    header.role = "viewer"
    var model = QuestionsPage.Model.mock
    model.questions = []
    model.beforeCount = 0
    model.afterCount = 0
    assertPageSnapshot(try await PageSnapshot.studyPage(QuestionsPage.template, header: header, model))
  }

  @Test("the texts and settings")
  func texts() async throws {
    assertPageSnapshot(try await PageSnapshot.studyPage(TextsPage.template, section: .texts, TextsPage.Model.mock))
  }

  @Test("the preview of a small study")
  func preview() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(PreviewPage.template, section: .preview, PreviewPage.Model.mock))
  }
}

/// The pages outside a study: the list, a new study from data, sign-in, setup, joining, errors.
@Suite("Site pages snapshots")
struct SitePagesSnapshotTests {
  @Test("the studies list with two studies")
  func studies() async throws {
    assertPageSnapshot(try await PageSnapshot.page(StudiesPage.template, title: "Studies", StudiesPage.Model.mock))
  }

  @Test("an empty studies list offers the demo study, and a refused new study says why")
  func studiesEmpty() async throws {
    var model = StudiesPage.Model.mock
    model.studies = []
    model.error = "Title: a study needs a title."
    assertPageSnapshot(try await PageSnapshot.page(StudiesPage.template, title: "Studies", model))
  }

  @Test("the upload form of a new study from data, after a refused file")
  func fromData() async throws {
    assertPageSnapshot(
      try await PageSnapshot.page(
        StudyFromDataPage.formTemplate, title: "New study from data",
        StudyFromDataPage.Form(
          error: "File: choose a PQMethod .DAT (with its .STA), or one CSV or KADE workbook (.xlsx).")))
  }

  @Test("the preview of a .DAT without its .STA, one sort left out")
  func fromDataPreview() async throws {
    assertPageSnapshot(
      try await PageSnapshot.page(
        StudyFromDataPage.previewTemplate, title: "New study from data: preview", StudyFromDataPage.Preview.mock))
  }

  @Test("sign in, after a refusal")
  func login() async throws {
    var model = LoginPage.mock
    model.error = "The e-mail or the password is not right."
    model.email = "ada@example.org"
    assertPageSnapshot(try await PageSnapshot.page(LoginPage.template, title: "Sign in", model, signedIn: false))
  }

  @Test("first-run setup")
  func setup() async throws {
    assertPageSnapshot(
      try await PageSnapshot.page(SetupPage.template, title: "Set up POETQ", SetupPage.mock, signedIn: false))
  }

  @Test("an invitation to join, without an account; with one; and a link that is not valid")
  func join() async throws {
    assertPageSnapshot(
      try await PageSnapshot.page(JoinPage.template, title: "Join", JoinPage.mock, signedIn: false), named: "new")
    var existing = JoinPage.mock
    existing.hasAccount = true
    assertPageSnapshot(
      try await PageSnapshot.page(JoinPage.template, title: "Join", existing, signedIn: false), named: "existing")
    assertPageSnapshot(
      try await PageSnapshot.page(JoinPage.template, title: "Invitation not valid", JoinPage.invalid, signedIn: false),
      named: "invalid")
  }

  @Test("an error page")
  func error() async throws {
    assertPageSnapshot(try await PageSnapshot.page(ErrorPage.template, title: "Not found", ErrorPage.mock))
  }

  @Test("an expired form offered again, in the form's words, hidden fields unseen")
  func resubmit() async throws {
    assertPageSnapshot(
      try await PageSnapshot.page(ResubmitPage.template, title: "Send the form again", ResubmitMock.grid))
  }
}

/// The expired grid form as `CSRF.expired` offers it.
enum ResubmitMock {
  static let grid = CSRF.ResubmitContent(
    action: "/studies/mock-study/grid", reason: CSRF.expiredReason,
    fields: FormBody.fields(in: "kind=forced&score%5B%5D=-1&capacity%5B%5D=2&label%5B%5D=Most+disagree&revision=4"),
    hadFile: false, back: "/studies/mock-study/grid")
}
