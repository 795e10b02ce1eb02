/// A link a page shows: its words and where it goes (made from a ``SiteRoute`` or ``StudyRoute``).
struct Link: Encodable, Hashable, Sendable {
  var label: String
  var href: String
}

/// One option of a `<select>` or a radio group: the value posted, the words shown, whether chosen.
struct Choice: Encodable, Hashable, Sendable {
  var value: String
  var label: String
  var selected: Bool
}
