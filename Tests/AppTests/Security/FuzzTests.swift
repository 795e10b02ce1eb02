import Fluent
import Foundation
import PropertyBased
import Testing
import VaporTesting

@testable import App

/// Forms as an attacker sends them: fields repeated, missing, unknown, huge, not UTF-8, bodies cut
/// short. The parsers never trap and name what is wrong; the served app answers every one below 500
/// and keeps serving. Seeded, so a failure names a reproducible seed.
@Suite("Fuzzing the forms")
struct FuzzTests {
  // MARK: - The parsers, property-based

  /// Names and values the participant's pages send, and some they never do.
  static let names = [
    "action", "revision", "statement", "pile", "chosen", "score", "with", "asked", "q.role", "q.age", "c.1", "c.12",
    "c.x", "q.", "c.", "", "bogus", "select", "csrf", "ACTION", "action ", "q.role\u{0}",
  ]
  static let values = [
    "save", "continue", "back", "presort", "undo_presort", "choose", "undo_choice", "place", "swap", "1", "0", "-1",
    "40", "99999999999999999999", "1e3", "agree", "neutral", "disagree", "role", "", " ", "\u{FFFD}", "%FF", "Ω≈ç√",
    String(repeating: "x", count: 70_000),
  ]

  /// `count` fields drawn with `rng` from the pools above.
  static func fields(_ rng: inout SeededGenerator, count: Int) -> [(name: String, value: String)] {
    (0..<count).map { _ in
      (names.randomElement(using: &rng) ?? "", values.randomElement(using: &rng) ?? "")
    }
  }

  @Test("participant forms of any fields: actions, or an error naming a field that was (or should have been) sent")
  func participantFormNeverTraps() async {
    await propertyCheck(count: 2_000, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 0...14)) { seed, count in
      var rng = SeededGenerator(seed: UInt64(seed))
      let pairs = Self.fields(&rng, count: count)
      let fields = FormFields(pairs: pairs)
      do throws(ParticipantFormError) {
        let posted = try ParticipantForm.read(fields)
        #expect(!posted.actions.isEmpty, "seed \(seed)")
        #expect(pairs.filter { $0.name == "action" }.count == 1, "seed \(seed): exactly one action was sent")
      } catch {
        let sent = Set(pairs.map(\.name))
        #expect(
          sent.contains(error.field)
            || ["action", "revision", "statement", "pile", "score", "with"].contains(error.field),
          "seed \(seed): \(error) names a field")
        #expect(error.shownField.count <= 60, "seed \(seed)")
      }
    }
  }

  @Test("urlencoded bodies of any bytes (cut, not UTF-8, %-escapes that decode to nothing) are read without a trap")
  func bodiesOfAnyBytes() async {
    let pieces = [
      "&", "=", "+", "%", "%F", "%FF", "%C3%28", "%00", "%E2%82", "a", "q.", "asked", "action=save", "\u{FFFD}",
    ]
    await propertyCheck(count: 2_000, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 0...40)) { seed, length in
      var rng = SeededGenerator(seed: UInt64(seed))
      var bytes: [UInt8] = []
      for _ in 0..<length {
        if Bool.random(using: &rng) {
          bytes += Array((pieces.randomElement(using: &rng) ?? "").utf8)
        } else {
          bytes.append(UInt8.random(in: 0...255, using: &rng))
        }
      }
      let body = String(decoding: bytes, as: UTF8.self)
      let fields = FormFields(body: body)
      _ = try? ParticipantForm.read(fields)
      let offered = FormBody.fields(in: body)
      #expect(offered.count == fields.pairs.count, "seed \(seed): both readers see the same fields")
    }
  }

  @Test("huge fields: a 1 MB value or name is read, and the error names the field shortened")
  func hugeFields() throws {
    let huge = String(repeating: "q", count: 1 << 20)
    #expect(throws: ParticipantFormError.unknown(huge)) {
      try ParticipantForm.read(FormFields(body: "revision=1&action=save&\(huge)=1"))
    }
    do throws(ParticipantFormError) {
      _ = try ParticipantForm.read(FormFields(body: "revision=1&action=save&\(huge)=1"))
    } catch {
      #expect(error.shownField.count == 60)
    }
    // A password offered back in a resent form is left out, whatever its size.
    let resent = try JSONEncoder().encode(FormBody.Field(name: "password", value: huge))
    #expect(!String(decoding: resent, as: UTF8.self).contains(huge))
    let posted = try ParticipantForm.read(FormFields(body: "revision=1&action=save&asked=role&q.role=\(huge)"))
    #expect(posted.actions == [.answer(["role": [huge]])], "a long answer is the flow's to judge")
  }
}

extension FormFields {
  /// Fields as given, for the tests.
  init(pairs: [(name: String, value: String)]) {
    self.init(
      body: pairs.map { "\(SocketSession.encode($0.name))=\(SocketSession.encode($0.value))" }.joined(separator: "&"))
  }
}
