import Fluent
import POETQKit
import QMethod
import Vapor

/// "How many factors?" for a study's sorts (all, or some sites): the scree with the parallel
/// analysis line, each criterion in one sentence with its source and its count, Humphrey's rule per
/// unrotated factor, and the solutions with 2…7 factors side by side — and any of them promoted to
/// a stored analysis with one click. The figures are computed on the analysis runner's thread.
struct FactorCountController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.analyses(.factorCount), use: show)
    area.form(.analyses(.promote), use: promote)
  }

  func show(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let solutions = try await SolutionsQuery.read(req, context)
    let (export, allSites, ticked, selection) =
      (solutions.export, solutions.allSites, solutions.ticked, solutions.selection)
    let (chosenSites, limited) = (solutions.chosenSites, solutions.limited)
    let thresholdText = solutions.query.first { $0.name == "threshold" }?.value ?? "0.80"
    var options = FactorCount.Options()
    var problem = solutions.extractionProblem
    options.analysis.extraction = solutions.extraction ?? options.analysis.extraction
    if let threshold = Double(thresholdText), (0...1).contains(threshold) {
      options.correlationThreshold = threshold
    } else {
      problem = "threshold: give a correlation from 0 to 1, not “\(thresholdText)”."
    }
    var counted: FactorCount.Result?
    var pending = false
    if problem == nil {
      do {
        let data = try await AnalysisRuns.selectedData(context.grant, selection: selection, on: req.db).data
        (counted, pending) = try await req.application.analysisRunner.factorCountForPage(
          data, options: options, study: context.studyID, on: req.db)
      } catch let error as any AbortError where error.status == .unprocessableEntity {
        problem = error.reason
      } catch let error as QMethodError {
        problem = "sorts: \(error.webMessage)"
      }
    }
    let content = Self.content(
      counted, export: export, allSites: allSites, ticked: ticked, extraction: options.analysis.extraction,
      threshold: thresholdText, limited: limited, chosenSites: chosenSites, parallelPending: pending,
      slug: context.study.slug)
    let view = try await req.renderStudyPage(
      FactorCountPage.template, context, section: .analyses, title: "How many factors?", content, error: problem)
    let response = try await view.encodeResponse(for: req)
    if problem != nil { response.status = .unprocessableEntity }
    return response
  }

  /// What the page says while a large study's parallel analysis is computed in the background.
  static let parallelComputing =
    "Parallel analysis: computing… It runs in the background for this many sorts; reload this page in a few minutes to see its line and count."

  static func content(
    _ counted: FactorCount.Result?, export: StudyDataExport, allSites: [String], ticked: Set<String>,
    extraction: ExtractionMethod, threshold: String, limited: Bool, chosenSites: [String],
    parallelPending: Bool = false,
    slug: String
  ) -> FactorCountPage.Model {
    let form = AnalysisForm(export: export, questions: [], slug: slug)
    var content = FactorCountPage.Model(
      slug: slug,
      sites: allSites.enumerated().map { index, site in
        AnalysisForm.Tick(
          value: site, label: site, checked: ticked.contains(site), id: "site-\(index)",
          detail: "\(export.sorts.filter { $0.site == site }.count) sorts")
      },
      extractions: form.extractions.map {
        Choice(value: $0.value, label: $0.label, selected: $0.value == extraction.rawValue)
      },
      threshold: threshold, chosenSites: chosenSites, extraction: extraction.rawValue, limited: limited)
    guard let counted else { return content }
    content.sorts = counted.sorts
    content.statements = counted.statements
    // While a large study's parallel analysis is computed in the background, its count, line and
    // thresholds are not known yet: the page says so rather than show the stand-in's.
    content.criteria = counted.criteria.map {
      FactorCountPage.Criterion(
        name: $0.name, explanation: $0.explanation, source: $0.source,
        suggested: parallelPending && $0.name == "Parallel analysis" ? "computing…" : String($0.suggested))
    }
    let parallel = counted.parallel
    let thresholds = parallelPending ? [] : parallel.thresholds
    content.scree = HTMLReport.figure(
      ReportFigures.scree(eigenvalues: counted.eigenvalues, thresholds: parallelPending ? nil : thresholds))
    content.screeRows = counted.eigenvalues.prefix(12).enumerated().map { index, value in
      let threshold = index < thresholds.count ? thresholds[index] : nil
      return FactorCountPage.ScreeRow(
        factor: index + 1, eigenvalue: ReportFormat.fixed(value, 3),
        threshold: threshold.map { ReportFormat.fixed($0, 3) } ?? "", above: threshold.map { value > $0 } ?? false,
        kaiser: value > 1)
    }
    content.parallelNote =
      parallelPending
      ? Self.parallelComputing
      : "\(parallel.simulations) sets of \(counted.sorts) random sorts on this study's grid (statements shuffled into its columns), seed \(parallel.seed); the line is the \(Int(parallel.percentile))th percentile of each eigenvalue."
    content.humphrey = counted.humphrey.factors.map {
      FactorCountPage.HumphreyRow(
        factor: $0.factor, product: ReportFormat.fixed($0.product, 3), passes: $0.passes,
        significant: $0.significantLoadings)
    }
    content.humphreyNote =
      "Twice the standard error: 2 × 1/√\(counted.statements) = \(ReportFormat.fixed(counted.humphrey.threshold, 3)); a significant loading exceeds \(ReportFormat.fixed(counted.humphrey.significanceThreshold, 3))."
    content.solutions = counted.solutions.map { solution in
      FactorCountPage.Solution(
        factors: solution.factors, total: ReportFormat.fixed(solution.totalExplainedVariance, 0),
        rows: solution.definingSorts.indices.map { index in
          FactorCountPage.FactorRow(
            label: "F\(index + 1)", defining: solution.definingSorts[index].count,
            definingSorts: solution.definingSorts[index].joined(separator: ", "),
            variance: ReportFormat.fixed(solution.explainedVariance[index], 0),
            significant: solution.significantLoadings[index], weak: solution.weakFactors.contains(index + 1))
        },
        pairs: solution.highlyCorrelated.map {
          "F\($0.first)–F\($0.second): r = \(ReportFormat.fixed($0.correlation, 2))"
        },
        warnings: solution.warnings,
        name: AnalysisForm.defaultName(extraction: extraction, factors: solution.factors))
    }
    content.maxFactors = Array(1...(counted.solutions.map(\.factors).max() ?? 1))
    return content
  }

  /// Stores the chosen solution as an analysis (the same extraction and sites, varimax, PQMethod's
  /// flagging) and shows its run.
  func promote(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let fields = FormBody.fields(of: req)
    func value(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
    guard let factors = Int(value("factors")) else {
      throw AnalysisSelection.invalid("factors", "say how many factors to keep")
    }
    guard let extraction = ExtractionMethod(rawValue: value("extraction")) else {
      throw AnalysisSelection.invalid("extraction", "use centroid, pca or horst")
    }
    var sites: [String]? = fields.filter { $0.name == "site" }.map(\.value)
    if sites?.isEmpty == true { sites = nil }
    let request = AnalysisRequest(
      name: AnalysisForm.defaultName(extraction: extraction, factors: factors),
      selection: AnalysisSelection(sites: sites, question: nil, sorts: nil), extraction: extraction,
      factors: factors)
    let analysis = try await AnalysisRuns.enqueue(request, grant: context.grant, by: context.userID, on: req.db)
    await req.application.analysisRunner.wakeAndWait(for: try analysis.requireID())
    Flash.set(req, "The \(factors)-factor solution is stored as “\(analysis.name)”.")
    return req.redirect(to: context.href(.analyses(.show(.value(try analysis.requireID())))))
  }
}
