import Foundation

extension Decoder {
  /// Refuses a JSON object with a field this input does not know, so a typo (`consent_text` for
  /// `consentText`) is reported instead of silently changing nothing.
  /// - Parameters:
  ///   - known: the input's coding keys: the fields it reads.
  ///   - ignored: fields that are accepted and ignored (the read-only parts of a response, so what a
  ///     `GET` returned can be sent back).
  func refuseUnknownKeys<Keys: CodingKey & CaseIterable>(_ known: Keys.Type, ignoring ignored: Set<String> = [])
    throws
  {
    let known = Set(Keys.allCases.map(\.stringValue))
    let container = try container(keyedBy: FieldName.self)
    let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) && !ignored.contains($0) }.sorted()
    guard let first = unknown.first else { return }
    throw DecodingError.dataCorrupted(
      DecodingError.Context(
        codingPath: codingPath + [FieldName(stringValue: first)],
        debugDescription: "there is no such field here (the fields are \(known.sorted().joined(separator: ", ")))."))
  }
}

private struct FieldName: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
