import Foundation

/// A JSON body the API accepts. Its `init(from:)` starts with ``Swift/Decoder/refuseUnknownKeys(_:ignoring:)``
/// (and so does every object nested in it), so a misspelt or unknown field is a 400 naming it
/// instead of a change that silently does nothing (`"argumnet"` leaving the argument empty).
/// ``Vapor/Request/decodeJSON(_:)`` and ``Vapor/Request/decode(_:from:)`` take only these.
protocol APIBody: Decodable {}

extension Array: APIBody where Element: APIBody {}

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
        debugDescription: "there is no such field here (the fields are \(known.sorted().joined(separator: ", "))).",
        underlyingError: APIFieldProblem()))
  }
}

extension KeyedDecodingContainer {
  /// A value that must be one of a fixed list (`"extraction": "pca"`): anything else is refused with
  /// the field and the list, in the API's words rather than the decoder's.
  func decodeChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T
  where T.RawValue == String {
    let raw = try decode(String.self, forKey: key)
    guard let value = T(rawValue: raw) else {
      let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: codingPath + [key], debugDescription: "must be one of \(choices), not “\(raw)”.",
          underlyingError: APIFieldProblem()))
    }
    return value
  }

  /// ``decodeChoice(_:forKey:)`` for a field that may be left out (or null).
  func decodeChoiceIfPresent<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T?
  where T.RawValue == String {
    guard contains(key), try !decodeNil(forKey: key) else { return nil }
    return try decodeChoice(type, forKey: key)
  }
}

/// Marks a decoding error whose text POETQ wrote for the API's users (the field and what it takes),
/// so ``APIErrorMiddleware`` passes it on; the decoder's own texts are replaced.
struct APIFieldProblem: Error {}

private struct FieldName: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
