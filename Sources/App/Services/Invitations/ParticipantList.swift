import Foundation
import QMethod

/// A participant list as researchers write it: a CSV with the header `email,name,site` (name
/// optional, columns in any order, comma, semicolon or tab), one participant per line; an optional
/// `language` column (a tag POETQ ships: en, fr, de, es, ar; empty for the study's own) sets the
/// language each is invited in and takes part in.
enum ParticipantList {
  static let maxRows = 5000
  static let maxNameLength = 200

  /// One accepted line.
  struct Entry: Equatable, Sendable {
    var line: Int
    var email: String
    var name: String?
    var siteID: UUID
    /// A ``StudyLanguage`` tag, or `nil` for the study's own.
    var language: String? = nil
  }

  /// A site a line may name.
  struct SiteName: Sendable {
    var id: UUID
    var name: String
  }

  static let emailHeaders: Set<String> = ["email", "e-mail", "email address", "e-mail address", "mail"]
  static let nameHeaders: Set<String> = ["name", "full name"]
  static let siteHeaders: Set<String> = ["site", "site name"]
  static let languageHeaders: Set<String> = ["language", "lang"]

  /// Every line checked: an e-mail address (valid, once in the list, not already in the study), a
  /// site by name (case-insensitive), an optional name.
  /// - Parameter existingEmails: the study's e-mail addresses, lowercased.
  /// - Throws: ``ParticipantListError`` with every problem, by line and field.
  static func parse(_ text: String, fileName: String, sites: [SiteName], existingEmails: Set<String>)
    throws(ParticipantListError) -> [Entry]
  {
    let rows: [CSVTable.Row]
    do {
      rows = try CSVTable.rows(data: Data(text.utf8), fileName: fileName)
    } catch {
      throw ParticipantListError([error.description])
    }
    guard let header = rows.first else {
      throw ParticipantListError([
        "\(fileName): the list is empty; it needs the header email,name,site and a line per participant."
      ])
    }
    let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    let emailColumn = names.firstIndex(where: emailHeaders.contains)
    let siteColumn = names.firstIndex(where: siteHeaders.contains)
    let nameColumn = names.firstIndex(where: nameHeaders.contains)
    let languageColumn = names.firstIndex(where: languageHeaders.contains)
    guard let emailColumn, let siteColumn else {
      let missing = [emailColumn == nil ? "email" : nil, siteColumn == nil ? "site" : nil].compactMap { $0 }
      throw ParticipantListError([
        "Line \(header.line), header: the list needs the columns \(missing.joined(separator: " and ")) "
          + "(the header is email,name,site; name is optional); found \(header.cells.joined(separator: ","))."
      ])
    }
    let body = rows.dropFirst()
    guard !body.isEmpty else { throw ParticipantListError(["\(fileName) holds a header but no participants."]) }
    guard body.count <= maxRows else {
      throw ParticipantListError(["\(fileName) holds \(body.count) participants; import at most \(maxRows) at a time."])
    }
    let siteList = sites.map(\.name).joined(separator: ", ")
    var problems: [String] = []
    var entries: [Entry] = []
    var seen: [String: Int] = [:]
    for row in body {
      func cell(_ column: Int?) -> String {
        guard let column, column < row.cells.count else { return "" }
        return row.cells[column].trimmingCharacters(in: .whitespacesAndNewlines)
      }
      func problem(_ field: String, _ message: String) { problems.append("Line \(row.line), \(field): \(message)") }
      let email = cell(emailColumn)
      let key = email.lowercased()
      if email.isEmpty {
        problem("email", "missing.")
      } else if !MailAddress.isValid(email) {
        problem("email", "“\(email)” is not an e-mail address.")
      } else if let first = seen[key] {
        problem("email", "\(email) is also on line \(first).")
      } else if existingEmails.contains(key) {
        problem("email", "\(email) is already a participant of this study.")
      }
      if seen[key] == nil && !key.isEmpty { seen[key] = row.line }
      let siteName = cell(siteColumn)
      let site = sites.first { $0.name.caseInsensitiveCompare(siteName) == .orderedSame }
      if siteName.isEmpty {
        problem("site", "missing (sites: \(siteList)).")
      } else if site == nil {
        problem("site", "no site called “\(siteName)” (sites: \(siteList)).")
      }
      let name = cell(nameColumn)
      if name.count > maxNameLength {
        problem("name", "keep it under \(maxNameLength) characters.")
      } else if name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
        problem("name", "keep it on one line.")
      }
      let languageText = cell(languageColumn)
      let language = languageText.isEmpty ? nil : StudyLanguage(tag: languageText)
      if !languageText.isEmpty && language == nil {
        let tags = StudyLanguage.allCases.map(\.tag).joined(separator: ", ")
        problem("language", "“\(languageText)” is not a language POETQ offers (\(tags); empty for the study's own).")
      }
      if let site {
        entries.append(
          Entry(
            line: row.line, email: email, name: name.isEmpty ? nil : name, siteID: site.id, language: language?.tag))
      }
    }
    guard problems.isEmpty else { throw ParticipantListError(problems) }
    return entries
  }
}

/// A refused participant list: nothing was imported; every problem names its line and field.
struct ParticipantListError: Refusing, Equatable {
  var problems: [String]

  init(_ problems: [String]) { self.problems = problems }

  var refusal: Refusal {
    let count = problems.count
    return .invalid(
      "Nothing imported: \(count == 1 ? "1 problem" : "\(count) problems") in the list. "
        + problems.joined(separator: " "))
  }
}
