/// POETQKit: the domain model shared by the server and the CLI (studies, statements, distributions,
/// questionnaires and the participant's sort session). The engine lives in `QMethod`; this target
/// grows with the server and participant issues.
public enum POETQKit {
  public static let productName = "POETQ"
}
