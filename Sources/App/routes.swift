import Vapor

/// The table of contents: one collection per area.
func routes(_ app: Application) throws {
  try app.register(collection: HealthController())
  try app.register(collection: SetupController())
  try app.register(collection: SessionController())
  try app.register(collection: StudiesController())
  try app.register(collection: APIController())
}
