import Fluent
import POETQKit
import QMethod
import Vapor

/// Adjusting a stored solution by hand, saved as a new analysis whose parameters record what was
/// done (so `poetq analyze --config` replays it): flags ticked and unticked beside the automatic
/// ones, factors inverted or split (`…/flags`), and judgmental rotation of two factors on a
/// scatter plot previewed in the page (`…/rotate`, the page's script; the server recomputes).
/// The new analysis uses the same sorts as the one it adjusts. Only a member who sees all of an
/// analysis adjusts it (``StudyAccess/AnalysisUse/change``): a member limited to some sites, only
/// analyses of their sites' sorts.
struct HandAdjustmentController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.analyses(.flags(.key)), use: flags)
    area.form(.analyses(.flags(.key)), use: saveFlags)
    area.page(.analyses(.rotate(.key)), use: rotate)
    area.form(.analyses(.rotate(.key)), use: saveRotation)
  }

  /// The solution an adjustment starts from: the stored analysis, its parameters and result, and
  /// the loadings before any split (the columns of the kept factors, as rotation and flags see them).
  struct Base {
    let analysis: Analysis
    let parameters: AnalysisParameters
    let report: AnalysisReport
    let kept: Int

    var result: AnalysisResult { report.result }

    static func load(_ req: Request, _ context: StudyContext) async throws -> Base {
      let found = try await context.grant.analysis(
        req.parameters.get("id", as: UUID.self), for: .change, on: req.db
      ).analysis
      guard found.status == .done else {
        throw Abort(.conflict, reason: "This analysis has no result yet: wait until its run is done.")
      }
      let (analysis, report) = try await AnalysisReport.load(
        try found.requireID(), context, for: .change, on: req.db)
      let parameters = try AnalysisParameters.decode(analysis.parameters)
      let kept = report.result.factorLabels.count - report.result.options.splitFactors.count
      return Base(analysis: analysis, parameters: parameters, report: report, kept: kept)
    }

    /// Row `row`'s loadings on the kept factors.
    func loadings(_ row: Int) -> [Double] { Array(result.loadings[row].prefix(kept)) }

    /// The flags the engine sets before any split: the automatic rule, or the sort's flags by hand.
    func flags(_ row: Int) -> [Bool] {
      if let manual = result.options.manualFlags[result.sorts[row]] { return (1...kept).map(manual.contains) }
      return automatic(row)
    }

    func automatic(_ row: Int) -> [Bool] {
      Flagging.automatic(
        Matrix([loadings(row)]), statementCount: result.statements.count, z: result.options.flagZ,
        majority: result.options.flagMajority)[0]
    }

    /// Stores `parameters` as a new queued analysis of the same sorts, wakes the runner and gives it a
    /// second to finish, so the page it leads to usually shows the results.
    func store(
      _ name: String, _ parameters: AnalysisParameters, context: StudyContext, req: Request
    ) async throws -> Analysis {
      var pinned = parameters
      // Narrowed to the member's sites like any selection: a sort of another site is refused.
      let selected = try await AnalysisRuns.selectedData(
        context.grant, selection: AnalysisSelection(sites: nil, question: nil, sorts: result.sorts), on: req.db)
      pinned.selection = selected.selection
      let analysis = try await AnalysisRuns.queued(
        name: name, parameters: pinned, data: selected.data, study: context.study, by: context.userID,
        derivedFrom: try analysis.requireID(), on: req.db)
      await req.application.analysisRunner.wakeAndWait(for: try analysis.requireID())
      return analysis
    }
  }

  // MARK: - Flags, inversion and splitting

  func flags(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    return try await renderFlags(req, context, try await Base.load(req, context), error: nil)
  }

  func renderFlags(_ req: Request, _ context: StudyContext, _ base: Base, error: String?) async throws -> View {
    let result = base.result
    let options = result.options
    let sites = try await AnalysesController.sortSites(result.sorts, context, on: req.db)
    let content = AnalysisFlagsPage.Model(
      id: try base.analysis.requireID(), slug: context.study.slug, name: base.analysis.name,
      factors: (1...base.kept).map {
        AnalysisFlagsPage.FactorChoice(
          number: $0, label: "F\($0)", inverted: options.invertedFactors.contains($0),
          split: options.splitFactors.contains($0))
      },
      rows: result.sorts.enumerated().map { row, sort in
        let automatic = base.automatic(row)
        let flags = base.flags(row)
        return AnalysisFlagsPage.Row(
          sort: sort, site: sites[sort] ?? base.report.input.metadata(of: sort)?.site ?? "",
          cells: base.loadings(row).enumerated().map { column, loading in
            AnalysisFlagsPage.Cell(
              loading: ReportFormat.fixed(loading, 3), flagged: flags[column], automatic: automatic[column],
              value: "\(sort)|\(column + 1)", id: "flag-\(row)-\(column + 1)")
          },
          automatic: automatic.indices.filter { automatic[$0] }.map { "F\($0 + 1)" }.joined(separator: ", "),
          byHand: options.manualFlags[sort] != nil)
      },
      warnings: result.warnings,
      threshold: ReportFormat.fixed(options.flagZ / Double(result.statements.count).squareRoot(), 3))
    return try await req.renderStudyPage(
      AnalysisFlagsPage.template, context, section: .analyses, title: "Flags of \(base.analysis.name)", content,
      error: error)
  }

  /// A new analysis with the ticked flags (a sort whose ticks equal the automatic rule keeps the
  /// rule), the ticked inversions and splits.
  func saveFlags(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let base = try await Base.load(req, context)
    let fields = FormBody.fields(of: req)
    var ticked: [String: Set<Int>] = [:]
    for field in fields where field.name == "flag" {
      let parts = field.value.split(separator: "|")
      guard parts.count == 2, let factor = Int(parts[1]), (1...base.kept).contains(factor) else { continue }
      ticked[String(parts[0]), default: []].insert(factor)
    }
    var parameters = base.parameters
    var manual: [String: [Int]] = [:]
    for (row, sort) in base.result.sorts.enumerated() {
      let chosen = ticked[sort] ?? []
      let automatic = Set(base.automatic(row).indices.filter { base.automatic(row)[$0] }.map { $0 + 1 })
      if chosen != automatic { manual[sort] = chosen.sorted() }
    }
    parameters.options.manualFlags = manual
    func factors(_ name: String) -> [Int] {
      fields.filter { $0.name == name }.compactMap { Int($0.value) }.filter { (1...base.kept).contains($0) }.sorted()
    }
    parameters.options.invertedFactors = factors("invert")
    parameters.options.splitFactors = factors("split")
    let name = Self.name(fields, fallback: "\(base.analysis.name), flags by hand")
    do {
      let analysis = try await base.store(name, parameters, context: context, req: req)
      Flash.set(req, "“\(analysis.name)” is stored with \(manual.count) sort(s) flagged by hand.")
      return req.redirect(to: context.href(.analyses(.show(.value(try analysis.requireID())))))
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      let response = try await renderFlags(req, context, base, error: error.reason).encodeResponse(for: req)
      response.status = error.status
      return response
    }
  }

  static func name(_ fields: [FormBody.Field], fallback: String) -> String {
    let typed = fields.first { $0.name == "name" }?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    return String((typed.isEmpty ? fallback : typed).prefix(200))
  }

  // MARK: - Judgmental rotation

  func rotate(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    return try await renderRotate(req, context, try await Base.load(req, context), error: nil)
  }

  func renderRotate(_ req: Request, _ context: StudyContext, _ base: Base, error: String?) async throws -> View {
    guard base.kept >= 2 else {
      throw Abort(.conflict, reason: "Rotating by hand needs two factors; this analysis kept one.")
    }
    let result = base.result
    let sites = try await AnalysesController.sortSites(result.sorts, context, on: req.db)
    let data = AnalysisRotatePage.RotationData(
      sorts: result.sorts, sites: result.sorts.map { sites[$0] ?? base.report.input.metadata(of: $0)?.site ?? "" },
      loadings: result.sorts.indices.map(base.loadings), statements: result.statements.count,
      flagZ: result.options.flagZ, majority: result.options.flagMajority, manualFlags: result.options.manualFlags)
    let json = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
      .replacingOccurrences(of: "<", with: "\\u003c")
    let earlier = result.options.judgmentalRotation.map {
      "F\($0.first)–F\($0.second) by \(ReportFormat.fixed($0.degrees, 1))°"
    }
    let content = AnalysisRotatePage.Model(
      id: try base.analysis.requireID(), slug: context.study.slug, name: base.analysis.name, kept: base.kept,
      data: json, plot: HTMLReport.figure(ReportFigures.loadings(result, x: 1, y: 2)),
      earlier: earlier.joined(separator: "; "))
    return try await req.renderStudyPage(
      AnalysisRotatePage.template, context, section: .analyses, title: "Rotate \(base.analysis.name)", content,
      error: error)
  }

  /// A new analysis whose rotation is the original's followed by the page's steps. The page turns
  /// the factors as it shows them (after any inversion); the engine turns them before inverting, so
  /// a step between an inverted and a plain factor is stored with the opposite angle.
  func saveRotation(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let base = try await Base.load(req, context)
    let fields = FormBody.fields(of: req)
    do {
      let steps = try Self.steps(fields, kept: base.kept)
      guard !steps.isEmpty else { throw AnalysisSelection.invalid("steps", "rotate at least once before saving") }
      var parameters = base.parameters
      let inverted = Set(parameters.options.invertedFactors)
      parameters.options.judgmentalRotation += steps.map { step in
        let flip = inverted.contains(step.first) != inverted.contains(step.second)
        return RotationStep(first: step.first, second: step.second, degrees: flip ? -step.degrees : step.degrees)
      }
      let name = Self.name(fields, fallback: "\(base.analysis.name), rotated by hand")
      let analysis = try await base.store(name, parameters, context: context, req: req)
      Flash.set(req, "“\(analysis.name)” is stored with \(steps.count) rotation step(s).")
      return req.redirect(to: context.href(.analyses(.show(.value(try analysis.requireID())))))
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      let response = try await renderRotate(req, context, base, error: error.reason).encodeResponse(for: req)
      response.status = error.status
      return response
    }
  }

  /// The steps the page's script recorded (`steps`: `[[first, second, degrees], …]`), or the one
  /// step the form's own fields give when the script did not run.
  static func steps(_ fields: [FormBody.Field], kept: Int) throws -> [RotationStep] {
    func value(_ name: String) -> String {
      fields.first { $0.name == name }?.value.trimmingCharacters(in: .whitespaces) ?? ""
    }
    var raw: [[Double]] = []
    if !value("steps").isEmpty {
      guard let decoded = try? JSONDecoder().decode([[Double]].self, from: Data(value("steps").utf8)) else {
        throw AnalysisSelection.invalid("steps", "the rotation steps could not be read; rotate again")
      }
      raw = decoded
    } else if !value("degrees").isEmpty {
      guard let degrees = Double(value("degrees").replacingOccurrences(of: "−", with: "-")),
        let first = Double(value("first")), let second = Double(value("second"))
      else { throw AnalysisSelection.invalid("degrees", "write the angle in degrees, e.g. 5 or -12.5") }
      raw = [[first, second, degrees]]
    }
    return try raw.enumerated().map { index, step in
      guard step.count == 3, step.allSatisfy(\.isFinite), let first = Int(exactly: step[0]),
        let second = Int(exactly: step[1]), (1...kept).contains(first), (1...kept).contains(second), first != second
      else {
        throw AnalysisSelection.invalid("steps[\(index)]", "rotate two different factors numbered 1 to \(kept)")
      }
      guard abs(step[2]) <= 360 else {
        throw AnalysisSelection.invalid("steps[\(index)]", "turn by −360° to 360°, not \(step[2])°")
      }
      return RotationStep(first: first, second: second, degrees: step[2])
    }
  }
}
