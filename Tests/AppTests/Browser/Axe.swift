import Foundation
import Testing

/// Accessibility audits with axe-core, run in the page under test.
///
/// `Resources/axe.min.js` is axe-core 4.10.2 (© Deque Systems, MPL-2.0; its licence header is kept
/// at the top of the file), taken unchanged from PyPI's `axe-selenium-python` 3.0.0
/// (`axe_selenium_python/node_modules/axe-core/axe.min.js`). It is vendored so the tests need no
/// network. To update it: `pip download --no-deps --python-version 3.12 --only-binary=:all:
/// axe-selenium-python`, unzip the wheel and copy that file over.
enum Axe {
  /// The WCAG levels audited: 2.0 and 2.1, A and AA.
  static let tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

  /// KNOWN ISSUES: axe rules that currently fail because of a defect in the app's own templates or
  /// CSS, reported to be fixed there. A violation of a rule listed here is printed, not failed.
  /// Each entry says where it fails and which file to fix. Remove the entry once the app is fixed,
  /// so that the audit guards against the defect coming back.
  static let knownIssues: [String: String] = [:]

  static let source: String = {
    guard let url = Bundle.module.url(forResource: "axe.min", withExtension: "js"),
      let source = try? String(contentsOf: url, encoding: .utf8)
    else { fatalError("axe.min.js is missing from the AppTests resources (see Package.swift)") }
    return source
  }()

  struct Violation: Sendable, CustomStringConvertible {
    struct Node: Sendable {
      var target: String
      var html: String
      var summary: String
    }

    var id: String
    var impact: String
    var help: String
    var helpURL: String
    var nodes: [Node]

    var description: String {
      var lines = ["\(id) [\(impact)]: \(help) (\(helpURL))"]
      for node in nodes {
        lines.append("  • \(node.target)  \(node.html)")
        for line in node.summary.split(separator: "\n") { lines.append("      \(line)") }
      }
      return lines.joined(separator: "\n")
    }
  }

  struct Result: Sendable {
    var violations: [Violation]
    /// How many rules passed: an audit that checked nothing is not a pass.
    var passes: Int
  }
}

extension Page {
  /// Runs axe-core (WCAG 2.0/2.1 A and AA) on the current page and returns what it found.
  func axe() async throws -> Axe.Result {
    if try await run("return typeof window.axe === 'object' && typeof window.axe.run === 'function'").bool != true {
      try await run(Axe.source + "\n;return true;")
    }
    let value = try await session.executeAsync(
      """
      const done = arguments[arguments.length - 1];
      window.axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
        .then(r => done({passes: r.passes.length, violations: r.violations.map(v => ({
          id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), html: n.html,
            summary: n.failureSummary || ''}))}))}))
        .catch(e => done({error: String(e)}));
      """, [.array(Axe.tags.map { .string($0) })])
    if let error = value["error"]?.string { throw WebDriverError("axe.run failed \(await location()): \(error)") }
    let violations = (value["violations"]?.array ?? []).map { violation in
      Axe.Violation(
        id: violation["id"]?.string ?? "?", impact: violation["impact"]?.string ?? "",
        help: violation["help"]?.string ?? "", helpURL: violation["helpUrl"]?.string ?? "",
        nodes: (violation["nodes"]?.array ?? []).map { node in
          Axe.Violation.Node(
            target: node["target"]?.string ?? "", html: node["html"]?.string ?? "",
            summary: node["summary"]?.string ?? "")
        })
    }
    return Axe.Result(violations: violations, passes: value["passes"]?.int ?? 0)
  }

  /// Audits the current page with axe-core and records a failure for each violation (naming the
  /// rule, the elements and how to fix them), except rules listed in `Axe.knownIssues`, which are
  /// printed instead.
  func audit(sourceLocation: SourceLocation = #_sourceLocation) async throws {
    guard looks else { return }
    try await settled()
    let result = try await axe()
    let place = await location()
    #expect(result.passes > 0, "axe checked nothing \(place)", sourceLocation: sourceLocation)
    for violation in result.violations {
      if let known = Axe.knownIssues[violation.id] {
        print("KNOWN (axe) \(place): \(violation.id) — \(known)")
      } else {
        Issue.record(Comment(rawValue: "axe \(place):\n\(violation)"), sourceLocation: sourceLocation)
      }
    }
  }
}
