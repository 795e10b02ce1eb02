import Vapor

/// A route's parameter: its value when the route is a link, `.key` when the route is registered
/// (the pattern of SwiftPackageIndex-Server's `SiteURL`: one value registers the route and renders
/// every link to it, so the two cannot drift apart).
enum Parameter<Value: Hashable & Sendable & CustomStringConvertible>: Hashable, Sendable {
  case key
  case value(Value)
}

/// One piece of a route's path.
enum RouteSegment: Hashable, Sendable {
  case literal(String)
  /// A path parameter: registered as `:name`, linked with its value.
  case parameter(name: String, value: String?)

  static func parameter<Value>(_ name: String, _ parameter: Parameter<Value>) -> RouteSegment {
    switch parameter {
    case .key: .parameter(name: name, value: nil)
    case .value(let value): .parameter(name: name, value: value.description)
    }
  }

  /// A parameter that names a file of type `ext` (`fr.csv`). The router matches whole segments, so
  /// it is registered as `:name.ext` and its value (`fr.csv`) is read back with
  /// ``Vapor/Request/fileParameter(_:extension:)``; the link adds the extension to the value.
  static func parameter<Value>(_ name: String, _ parameter: Parameter<Value>, extension ext: String) -> RouteSegment {
    switch parameter {
    case .key: .parameter(name: "\(name).\(ext)", value: nil)
    case .value(let value): .parameter(name: "\(name).\(ext)", value: "\(value.description).\(ext)")
    }
  }
}

extension Request {
  /// The value of a file parameter (``RouteSegment/parameter(_:_:extension:)``) without its
  /// extension: `fr` from `fr.csv`; `nil` when the segment does not end in `.ext`.
  func fileParameter(_ name: String, extension ext: String) -> String? {
    guard let file = parameters.get("\(name).\(ext)"), file.hasSuffix(".\(ext)") else { return nil }
    return String(file.dropLast(ext.count + 1))
  }
}

/// An address of the app. Conforming enums list their pages and forms as cases; `pathComponents`
/// registers a case (made with `.key` parameters), `href` links to it (made with `.value`s).
protocol AppRoute: Hashable, Sendable {
  var segments: [RouteSegment] { get }
}

extension AppRoute {
  /// What `routes.get(…)` takes: literals as constants, parameters as `:name`.
  var pathComponents: [PathComponent] {
    segments.map { segment in
      switch segment {
      case .literal(let text): .constant(text)
      case .parameter(let name, _): .parameter(name)
      }
    }
  }

  /// The absolute path to link to, each parameter's value percent-encoded as one segment.
  var href: String {
    "/"
      + segments.map { segment in
        switch segment {
        case .literal(let text): text
        case .parameter(let name, let value):
          (value ?? ":\(name)").addingPercentEncoding(withAllowedCharacters: .routeSegment) ?? ":\(name)"
        }
      }.joined(separator: "/")
  }

  /// The absolute address under `baseURL` (the address people reach POETQ at, with or without a
  /// trailing slash): for e-mailed links, CSV link lists and the CLI's messages.
  func url(base baseURL: String) -> String {
    var base = baseURL
    while base.hasSuffix("/") { base.removeLast() }
    return base + href
  }

  /// The path with a fragment (`#id`) for redirects back to one row of a page.
  func href(fragment: String) -> String { "\(href)#\(fragment)" }
}

extension CharacterSet {
  /// What a path segment may hold unencoded: the path's characters except the separator.
  fileprivate static let routeSegment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
}
