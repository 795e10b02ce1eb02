import Foundation
import Testing

@testable import App

/// No address is written or composed by hand outside `Sources/App/Routing` (issue 27): templates
/// print the hrefs their models carry, and Swift builds paths from the route enums. A path typed by
/// hand can drift from the one registered; these scans keep the count at zero.
@Suite("Typed routes: no hand-made paths")
struct RouteShapeTests {
  static func files(under folder: String, ending suffix: String) -> [(path: String, text: String)] {
    let root = packageRoot.appendingPathComponent(folder)
    let found = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
    return (found ?? []).filter { $0.path.hasSuffix(suffix) }.compactMap { url in
      (try? String(contentsOf: url, encoding: .utf8)).map {
        (String(url.path.dropFirst(packageRoot.path.count + 1)), $0)
      }
    }
  }

  /// `file:line: text` of every line matching `pattern`.
  static func offenders(_ files: [(path: String, text: String)], _ pattern: some RegexComponent) -> [String] {
    files.flatMap { file in
      file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
        line.contains(pattern) ? "\(file.path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))" : nil
      }
    }
  }

  @Test("templates write no app path and compose none: every href, action and formaction comes from the model")
  func templates() {
    let templates = Self.files(under: "Resources/Views", ending: ".leaf")
    #expect(templates.count > 40, "the templates were found")
    // A literal app path (static files under /css, /js and the icon aside), or a printed value followed by `/…`.
    let handMade = Self.offenders(
      templates, #/(?:href|action|formaction)="(?:/(?!css/|js/|favicon)[a-z]|#\([^)]*\)/)/#)
    #expect(handMade.isEmpty, "\(handMade.joined(separator: "\n"))")
  }

  @Test("Swift outside Routing/ spells no study, participant or invitation path and registers none by string")
  func swift() {
    let sources = Self.files(under: "Sources/App", ending: ".swift").filter { !$0.path.contains("/Routing/") }
    #expect(sources.count > 100, "the sources were found")
    let literalPaths = Self.offenders(sources, #/"/(?:studies|p|s|join|login|setup|logout)(?:/|")/#)
    #expect(literalPaths.isEmpty, "\(literalPaths.joined(separator: "\n"))")
    let composed = Self.offenders(sources, #/\\\([^)]*\)/(?:studies|p|join|analyses|participants|statements)\b/#)
    #expect(composed.isEmpty, "\(composed.joined(separator: "\n"))")
    let registered = Self.offenders(
      sources.filter { $0.path.contains("/Controllers/") },
      #/\.(?:grouped|get|post|put|patch|delete|on)\([^)]*"studies"/#
    )
    #expect(registered.isEmpty, "\(registered.joined(separator: "\n"))")
  }
}
