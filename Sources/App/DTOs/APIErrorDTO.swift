import Vapor

/// Every API error: `{"error": true, "reason": "Text: a statement needs some text."}`.
struct APIErrorDTO: Content, Equatable {
  var error: Bool
  var reason: String
}
