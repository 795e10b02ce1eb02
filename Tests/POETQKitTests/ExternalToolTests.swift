import Foundation
import TestSupport
import Testing

/// The one skip-or-fail rule every test that needs an outside tool goes through.
@Suite("External tools: skipped locally, failed under CI")
struct ExternalToolTests {
  @Test("present → run; missing locally → skip with the reason; missing under CI → fail")
  func decisions() {
    #expect(ExternalTool.decide(available: true, missing: "x", install: "y", mandatory: true) == .run)
    #expect(
      ExternalTool.decide(
        available: false, missing: "python3 with openpyxl", install: "pip install openpyxl",
        mandatory: false) == .skip("SKIP: python3 with openpyxl not found; pip install openpyxl to run this test"))
    #expect(
      ExternalTool.decide(available: false, missing: "chromium", install: "apt-get install chromium", mandatory: true)
        == .fail("chromium is missing; CI must run this test (apt-get install chromium)"))
  }

  @Test("under CI a missing tool throws, so the test fails instead of passing silently")
  func mandatoryThrows() {
    #expect(throws: ExternalTool.Missing.self) {
      try ExternalTool.require(false, missing: "openssl", install: "apt-get install openssl", mandatory: true)
    }
  }

  @Test("CI set makes the tools mandatory")
  func mandatory() {
    #expect(ExternalTool.mandatory(["CI": "true"]))
    #expect(!ExternalTool.mandatory([:]))
  }

  @Test("python3 itself is here, and a module that does not exist does not import")
  func pythonImports() throws {
    try ExternalTool.require(
      ExternalTool.executable("python3") != nil, missing: "python3", install: "apt-get install python3")
    #expect(Python.imports("json"))
    #expect(!Python.imports("no_such_module_poetq"))
  }
}
