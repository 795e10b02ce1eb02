/// The Vapor web application arrives with the server issue (issue 3); this target exists so the
/// package layout matches SPEC §1 from the start.
public enum POETQApp {
  public static let isAvailable = false
}
