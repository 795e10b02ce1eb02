import Fluent
import POETQKit
import QMethod
import Vapor

/// The factor tree beside "How many factors?": the solutions with 1…7 factors of the study's sorts
/// (all, or some sites), and how each factor of the k-factor solution descends from the (k − 1)-factor
/// one by the correlation of their factor arrays (``FactorTree``) — a figure and a table of links.
/// Seven analyses of a large study take more than a request's event loop should give, so they run
/// on the "How many factors?" thread (``FactorCountWork``), with its per-study limit.
struct FactorTreeController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    BuilderRoutes(routes).page(.analyses(.factorTree), use: show)
  }

  func show(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let solutions = try await SolutionsQuery.read(req, context)
    let (export, allSites, ticked, selection) =
      (solutions.export, solutions.allSites, solutions.ticked, solutions.selection)
    var problem = solutions.extractionProblem
    var options = AnalysisOptions()
    options.extraction = solutions.extraction ?? options.extraction
    var tree: FactorTree?
    var sortCount = 0
    if problem == nil {
      do {
        let data = try await AnalysisRuns.selectedData(context.grant, selection: selection, on: req.db).data
        sortCount = data.sortCount
        let settings = options
        tree = try await FactorCountWork.run(study: context.studyID, logger: req.logger) {
          try FactorTree.compute(data, options: settings)
        }
      } catch let error as any AbortError where error.status == .unprocessableEntity {
        problem = error.reason
      } catch let error as QMethodError {
        problem = "sorts: \(error.webMessage)"
      }
    }
    let form = AnalysisForm(export: export, questions: [], slug: context.study.slug)
    let content = FactorTreePage.Model(
      slug: context.study.slug,
      sites: allSites.enumerated().map { index, site in
        AnalysisForm.Tick(
          value: site, label: site, checked: ticked.contains(site), id: "site-\(index)",
          detail: "\(export.sorts.filter { $0.site == site }.count) sorts")
      },
      extractions: form.extractions.map {
        Choice(value: $0.value, label: $0.label, selected: $0.value == options.extraction.rawValue)
      },
      sorts: tree == nil ? 0 : sortCount, figure: tree.map { ReportFigures.factorTree($0).svg } ?? "",
      links: tree.map(Self.links) ?? [], threshold: tree.map { ReportFormat.fixed($0.linkThreshold, 2) } ?? "")
    let view = try await req.renderStudyPage(
      FactorTreePage.template, context, section: .analyses, title: "Factor tree", content, error: problem)
    let response = try await view.encodeResponse(for: req)
    if problem != nil { response.status = .unprocessableEntity }
    return response
  }

  /// The table's rows: every factor of each solution after the first.
  static func links(_ tree: FactorTree) -> [FactorTreePage.Link] {
    let table = ReportTables.factorTree(tree)
    let kinds = tree.levels.dropFirst().flatMap { $0.nodes.map(\.kind.rawValue) }
    return table.rows.enumerated().map { index, cells in
      FactorTreePage.Link(
        solution: Int(cells[0].display) ?? 0, factor: cells[1].display, from: cells[2].display, r: cells[3].display,
        also: cells[4].display, kind: index < kinds.count ? kinds[index] : "", what: cells[5].display)
    }
  }
}
