import Vapor

/// The table of contents: one collection per area.
func routes(_ app: Application) throws {
  try app.register(collection: HealthController())
  try app.register(collection: SetupController())
  try app.register(collection: SessionController())
  try app.register(collection: StudiesController())
  try app.register(collection: StatementsController())
  try app.register(collection: GridController())
  try app.register(collection: QuestionsController())
  try app.register(collection: TextsController())
  try app.register(collection: SitesController())
  try app.register(collection: PreviewController())
  try app.register(collection: MonitorController())
  try app.register(collection: ParticipantsController())
  try app.register(collection: ParticipantDetailController())
  try app.register(collection: StudyDataController())
  try app.register(collection: PeopleController())
  try app.register(collection: InterpretationController())
  try app.register(collection: SitesComparedController())
  try app.register(collection: JoinController())
  try app.register(collection: APIController())
  let participants = app.grouped(UnknownCodeLimit())
  try participants.register(collection: ParticipantController())
  try participants.register(collection: ParticipantWithdrawalController())
  try participants.grouped(OpenAccessLimit()).register(collection: OpenAccessController())
}
