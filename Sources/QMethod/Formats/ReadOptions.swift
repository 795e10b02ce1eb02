import Foundation

/// How a reader treats input that is not quite right. The defaults refuse anything doubtful.
public struct ReadOptions: Sendable, Hashable {
  /// Leave out records that cannot be used (another length than the rest, a duplicated id, an empty
  /// or unreadable sort, a sort off the grid the others share) instead of refusing the file; each
  /// one left out is named in ``QSortData/notes``.
  public var skipInvalid = false
  /// The text encoding of the file; `nil` detects it (UTF-8, UTF-16 with a byte-order mark,
  /// Shift-JIS, else Windows-1252) and notes any guess that is not UTF-8.
  public var encoding: TextEncoding? = nil
  /// Read the sorts with a free distribution when they do not all share one grid, instead of
  /// refusing the sorts that break the grid the others share.
  public var free = false

  public init(skipInvalid: Bool = false, encoding: TextEncoding? = nil, free: Bool = false) {
    self.skipInvalid = skipInvalid
    self.encoding = encoding
    self.free = free
  }
}

/// The text encodings the readers accept besides UTF-8.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case windows1252 = "windows-1252"
  case latin1 = "latin-1"
  case shiftJIS = "shift-jis"

  /// Accepts the usual spellings: `utf8`, `UTF-16LE`, `cp1252`, `iso-8859-1`, `sjis`, `cp932`, …
  public init?(name: String) {
    let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
    switch key {
    case "utf8": self = .utf8
    case "utf16", "utf16le", "utf16be", "ucs2": self = .utf16
    case "windows1252", "cp1252", "win1252", "ansi": self = .windows1252
    case "latin1", "iso88591", "l1": self = .latin1
    case "shiftjis", "sjis", "cp932", "windows31j", "ms932": self = .shiftJIS
    default: return nil
    }
  }

  /// The name used in messages.
  public var displayName: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf16: "UTF-16"
    case .windows1252: "Windows-1252"
    case .latin1: "Latin-1 (ISO 8859-1)"
    case .shiftJIS: "Shift-JIS"
    }
  }
}
