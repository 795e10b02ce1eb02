import Foundation
import Testing

@Suite("poetq demo")
struct DemoCommandTests {
  @Test("needs an account, then creates the demo study owned by the first administrator")
  func createsTheDemo() throws {
    let directory = try CLIRunner.temporaryDirectory()
    let dataDirectory = directory.appendingPathComponent("data").path
    let early = try CLIRunner.run(["demo", "--data-dir", dataDirectory])
    #expect(early.status != 0)
    #expect(early.stderr.contains("There is no account yet"), "\(early.stderr)")

    let user = try CLIRunner.run(
      ["user", "add", "--email", "ada@example.org", "--name", "Ada", "--data-dir", dataDirectory],
      input: "correct horse battery\n")
    #expect(user.status == 0, "\(user.stderr)")
    let demo = try CLIRunner.run(["demo", "--data-dir", dataDirectory])
    #expect(demo.status == 0, "\(demo.stderr)")
    #expect(
      demo.stdout.contains(
        "Created the demo study with 93 completed sorts (142 participants): http://127.0.0.1:8080/studies/poetq-demo-synthetic-data"
      ), "\(demo.stdout)")
    let unknown = try CLIRunner.run(["demo", "--email", "bo@example.org", "--data-dir", dataDirectory])
    #expect(unknown.status != 0 && unknown.stderr.contains("no account with the e-mail bo@example.org"))
  }
}
