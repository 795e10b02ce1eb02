import Foundation
import Vapor

/// The one download response: every export and report goes through it, so each is named the same
/// way (RFC 6266), typed, and never cached.
extension Response {
  enum Disposition: String {
    /// Saved as a file.
    case attachment
    /// Shown in the browser (the HTML reports), still with a name for "Save as".
    case inline
  }

  /// `data` as the file `name` of media type `type`, not stored by caches (it can hold people's words).
  static func download(
    _ data: Data, name: String, type: String, disposition: Disposition = .attachment
  ) -> Response {
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: type)
    headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(disposition, name: name))
    headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    return Response(status: .ok, headers: headers, body: .init(data: data))
  }

  /// RFC 6266: `filename` holds an ASCII stand-in for old clients; a name with anything else also
  /// gets `filename*` in RFC 8187's UTF-8 percent-encoding, which current browsers prefer.
  static func contentDisposition(_ disposition: Disposition, name: String) -> String {
    let stand = String(
      String.UnicodeScalarView(
        name.folding(options: .diacriticInsensitive, locale: nil).unicodeScalars.map { scalar in
          scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && !"\"\\;".unicodeScalars.contains(scalar)
            ? scalar : "_"
        }))
    guard stand != name else { return "\(disposition.rawValue); filename=\"\(name)\"" }
    let encoded = name.addingPercentEncoding(withAllowedCharacters: attributeCharacters) ?? stand
    return "\(disposition.rawValue); filename=\"\(stand)\"; filename*=UTF-8''\(encoded)"
  }

  /// RFC 8187's attr-char: what may stand unencoded in `filename*`.
  private static let attributeCharacters = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
}
