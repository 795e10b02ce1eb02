import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A bounded fuzz run over a real port (issue 24): seeded, so a failure can be run again.
@Suite("Fuzzing over a real port")
struct SocketFuzzTests {
  /// A participant's posts at every stage of a real sort, and the main researcher forms signed in with
  /// a valid token, each sent a few dozen times mutated: every answer is below 500, nothing traps,
  /// and `GET /healthz` answers afterwards.
  @Test("a bounded fuzz run over a real port: no 5xx at any stage, the server still serving")
  func fuzzOverARealPort() async throws {
    try await withRunningPOETQ { app, baseURL in
      var rng = SeededGenerator(seed: 24)
      let port = SocketSession(baseURL: baseURL).port
      var failures: [String] = []
      var sent = 0
      func send(_ path: String, _ body: Data, accept: String = SocketSession.browserAccept, cookie: String? = nil)
        async throws
      {
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", accept)]
        if let cookie { headers.append(("Cookie", cookie)) }
        let response = try await SocketHTTP.send(port: port, method: "POST", path: path, headers: headers, body: body)
        sent += 1
        if response.status >= 500 {
          failures.append("\(response.status) for POST \(path) \(String(decoding: body.prefix(300), as: UTF8.self))")
        }
      }

      // The participant, stage by stage.
      var (_, _, client) = try await ParticipantClient.openedTemplate(app)
      let path = "/p/\(client.code)"
      func fuzzHere(_ base: [(String, String)], rounds: Int = 36) async throws {
        for round in 0..<rounds {
          let body = Self.mutated(base + [("revision", String(client.revision))], &rng)
          try await send(path, body, accept: round % 3 == 0 ? "application/json" : SocketSession.browserAccept)
        }
        try await client.get()
      }
      try await client.get()
      try await fuzzHere([("action", "continue")], rounds: 12)
      for _ in 0..<12 {
        try await send(path + "/consent", Self.mutated([("choice", "agree"), ("version", "1")], &rng))
      }
      try await client.get()
      if try await client.response(on: app.db) == nil { try await client.consent() }
      try await client.get()
      let stages: [(String, () -> [(String, String)])] = [
        ("questions", { client.answers() + [("action", "save")] }),
        (
          "presort",
          { [("action", "presort"), ("statement", String(client.presortStatement ?? 1)), ("pile", "agree")] }
        ),
        (
          "ranking",
          { client.candidates.prefix(client.chooseCount ?? 1).map { ("chosen", String($0)) } + [("action", "choose")] }
        ),
        ("review", { [("action", "swap"), ("statement", "1"), ("with", "2")] }),
        ("comments", { client.matches(#"name="c\.(\d+)""#).map { ("c.\($0)", "Because") } + [("action", "save")] }),
        ("post-questions", { client.answers() + [("action", "save")] }),
        ("submitted", { [("action", "continue")] }),
      ]
      var visited: [String] = []
      for (stage, base) in stages {
        try await client.get()
        try await fuzzHere(base())
        visited.append(stage)
        // On to the next stage as a person would, from wherever the fuzzing left the participant.
        switch stage {
        case "questions": try await client.answerAndContinue()
        case "presort":
          try await client.presortAll(agree: 15, neutral: 10)
          try await client.post([("action", "continue")])
        case "ranking": try await client.rankAll()
        case "review": try await client.post([("action", "continue")])
        case "comments":
          try await client.post(
            client.matches(#"name="c\.(\d+)""#).map { ("c.\($0)", "Because") } + [("action", "continue")])
        case "post-questions": try await client.answerAndContinue()
        default: break
        }
      }
      #expect(try await client.response(on: app.db)?.stage == "submitted", "the participant still got to the end")

      // The researcher's main forms, signed in, each with the session's token.
      var session = try await SocketFormTests.researcher(app, baseURL, email: "fuzz@example.org")
      try await session.postForm("/studies", [("title", "Fuzz"), ("template", "poetq")])
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "fuzz").first())
      let forms: [(String, [(String, String)])] = [
        ("/studies", [("title", "Fuzzed"), ("template", "blank")]),
        ("/studies/fuzz/texts", SocketFormTests.fields(StudyTexts(study))),
        ("/studies/fuzz/statements/import", [("list", "One\nTwo\nThree"), ("mode", "append")]),
        ("/studies/fuzz/participants/import", [("list", "email,name,site\na@example.org,A,Site A")]),
        ("/login", [("email", "fuzz@example.org"), ("password", "wrong password")]),
      ]
      try await session.get("/studies")
      let csrf = session.csrf ?? ""
      for (formPath, base) in forms {
        for _ in 0..<24 {
          try await send(formPath, Self.mutated(base + [("csrf", csrf)], &rng), cookie: session.cookie)
        }
      }

      let health = try await SocketHTTP.send(port: port, method: "GET", path: "/healthz")
      #expect(health.status == 200, "the server still answers after \(sent) posts")
      #expect(
        failures.isEmpty,
        "\(failures.count) of \(sent) posts answered 5xx:\n\(failures.prefix(10).joined(separator: "\n"))")
      #expect(sent >= 300, "a few hundred posts: \(sent)")
      #expect(visited.count == stages.count)
    }
  }

  /// `base` as an urlencoded body after one to three mutations: a field repeated, dropped, renamed to
  /// an unknown name, given a huge, negative, overflowing, empty or non-UTF-8 value; the order
  /// shuffled; raw bytes inserted; the body cut short.
  static func mutated(_ base: [(String, String)], _ rng: inout SeededGenerator) -> Data {
    var fields = base.map { (name: SocketSession.encode($0.0), value: SocketSession.encode($0.1)) }
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
      let index = fields.isEmpty ? 0 : Int.random(in: 0..<fields.count, using: &rng)
      switch Int.random(in: 0..<11, using: &rng) {
      case 0 where !fields.isEmpty: fields.append(fields[index])
      case 1 where !fields.isEmpty: fields.remove(at: index)
      case 2:
        fields.append((["bogus", "q.nope", "c.x", "asked", "chosen", "%FF", ""].randomElement(using: &rng) ?? "", "1"))
      case 3 where !fields.isEmpty:
        fields[index].value = String(repeating: "A", count: Int.random(in: 1_000...200_000, using: &rng))
      case 4 where !fields.isEmpty:
        fields[index].value =
          ["-1", "0", "99999999999999999999", "-9223372036854775808", "1.5", "NaN"].randomElement(using: &rng) ?? ""
      case 5 where !fields.isEmpty: fields[index].value = ""
      case 6 where !fields.isEmpty:
        fields[index].value = ["%FF%FE", "%C3%28", "%E2%82", "%", "%%", "%0"].randomElement(using: &rng) ?? ""
      case 7: fields.shuffle(using: &rng)
      case 8 where !fields.isEmpty:
        fields[index].name =
          ["%FF", "q.%C3%28", "a%00b", String(repeating: "n", count: 5_000)].randomElement(using: &rng) ?? ""
      default: break
      }
    }
    var body = Data(fields.map { "\($0.name)=\($0.value)" }.joined(separator: "&").utf8)
    switch Int.random(in: 0..<8, using: &rng) {
    case 0: body.insert(contentsOf: [0xFF, 0xFE, 0xC3, 0x28], at: Int.random(in: 0...body.count, using: &rng))
    case 1 where !body.isEmpty: body = body.prefix(Int.random(in: 0..<body.count, using: &rng))
    case 2: body.append(contentsOf: Array("&&==&=&".utf8))
    default: break
    }
    return body
  }
}

/// SplitMix64: a small seeded generator, so a failing case can be run again from its seed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_B9B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
