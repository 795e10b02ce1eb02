import Foundation
import Testing

@Suite("poetq user add")
struct UserCommandTests {
  @Test("creates the first account as administrator; a second with the same e-mail is refused")
  func addsAccounts() throws {
    let directory = try CLIRunner.temporaryDirectory()
    let dataDirectory = directory.appendingPathComponent("data").path
    let first = try CLIRunner.run(
      ["user", "add", "--email", "Ada@Example.org", "--name", "Ada", "--data-dir", dataDirectory],
      input: "correct horse battery\n")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("created ada@example.org (administrator)"))
    let again = try CLIRunner.run(
      ["user", "add", "--email", "ada@example.org", "--name", "Ada", "--data-dir", dataDirectory],
      input: "another password\n")
    #expect(again.status != 0)
    #expect(again.stderr.contains("an account with this address exists already"), "\(again.stderr)")
    let short = try CLIRunner.run(
      ["user", "add", "--email", "bo@example.org", "--name", "Bo", "--data-dir", dataDirectory], input: "short\n")
    #expect(short.status != 0 && short.stderr.contains("at least 10 characters"), "\(short.stderr)")
  }
}
