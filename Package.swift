// swift-tools-version: 6.1
import PackageDescription

// Targets follow ../shared/SPEC.md §1: the engine (QMethod) and the domain model (POETQKit) know
// nothing of Vapor or a database; `poetq` is a thin executable over them.
let package = Package(
  name: "poetq",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "poetq", targets: ["poetq"]),
    .library(name: "QMethod", targets: ["QMethod"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
    .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
    .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
    .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
    .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
    // Already resolved through Vapor; declared because the SMTP client (Services/Mail) uses them directly.
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    // ZIP archives: KADE's XLSX workbooks read by the engine (Formats/XLSXWorkbook.swift, XML by FoundationXML),
    // and the DOCX, XLSX and zipped CSV the reports write (Sources/POETQKit/Reports).
    .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    // GET /metrics in Prometheus's text format (Services/Operations/Metrics).
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    // Tests only: every page's HTML pinned by a snapshot made from its model's mock (Tests/AppTests/Snapshots),
    // and docs/openapi.yaml read as a typed document (APITests+OpenAPI) instead of by indentation.
    .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
  ],
  targets: [
    .target(name: "QMethod", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    .target(
      name: "POETQKit",
      dependencies: ["QMethod", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
    ),
    .target(
      name: "App",
      dependencies: [
        "POETQKit", "QMethod",
        .product(name: "Vapor", package: "vapor"),
        .product(name: "Fluent", package: "fluent"),
        .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
        .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        .product(name: "Leaf", package: "leaf"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ]
    ),
    .executableTarget(
      name: "poetq",
      dependencies: [
        "QMethod", "POETQKit", "App",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        // `serve` puts Swift's tasks on NIO's event loops (ServeCommand.runTasksOnEventLoops).
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    // Timings live here, never in tests: `make bench` runs it in release mode.
    .executableTarget(name: "EngineBenchmark", dependencies: ["QMethod"], path: "Benchmarks/EngineBenchmark"),
    .executableTarget(
      name: "ReportBenchmark", dependencies: ["POETQKit", "QMethod"], path: "Benchmarks/ReportBenchmark"),
    // What every test target shares: the skip-or-fail rule for tools from outside Swift
    // (Tests/TestSupport/ExternalTool.swift), python3, the reference data.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(
      name: "QMethodTests",
      dependencies: [
        "QMethod", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        // The workbook tests build .xlsx archives.
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      // R's local analyses of a multi-site file, read by LocalAnalysesRTests (its README says how they were made);
      // whole results recorded before a refactor, read by WholeResultTests.
      exclude: ["MultiSite/RReference", "Analysis/WholeResults"]
    ),
    .testTarget(
      name: "POETQKitTests",
      dependencies: ["POETQKit", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
    ),
    .testTarget(name: "poetqTests", dependencies: ["poetq", "TestSupport"]),
    .testTarget(
      name: "AppTests",
      dependencies: [
        "App", "TestSupport",
        .product(name: "VaporTesting", package: "vapor"),
        .product(name: "Fluent", package: "fluent"),
        // The fuzz tests of the form parsers (Tests/AppTests/Security/FuzzTests.swift).
        .product(name: "PropertyBased", package: "swift-property-based"),
        // The authorisation net reads the DOCX, XLSX and ZIP downloads part by part.
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        .product(name: "OpenAPIKit", package: "OpenAPIKit"),
        .product(name: "Yams", package: "Yams"),
      ],
      // The SMTP server of the mail tests is a Python script they run (Tests/AppTests/Mail/SMTPSink.swift).
      exclude: ["Mail/smtp_sink.py"],
      // axe-core for the browser tests' accessibility audits (Tests/AppTests/Browser/Axe.swift).
      resources: [.copy("Browser/Resources/axe.min.js")]
    ),
  ]
)
