import Foundation

/// Where the app's `Resources/` (templates, participant texts) and `Public/` (CSS, scripts) are.
/// `poetq serve` used to read them relative to the folder it was started from, so started anywhere
/// but the repository it served pages without templates. It now looks, in order, at the folder given
/// with `--resources` (or `POETQ_RESOURCES`), the current folder, and the executable's folder and
/// those above it (`.build/debug/poetq` finds the repository), and says clearly when none holds them.
public enum ResourceLocation {
  /// What a folder must hold to serve pages: the templates and the static files.
  static let required = ["Resources/Views/layouts/base.leaf", "Public/css/poetq.css"]

  public struct NotFound: Error, CustomStringConvertible {
    public var looked: [String]
    public var explicit: Bool

    public var description: String {
      let missing = ResourceLocation.required.joined(separator: " and ")
      if explicit, let folder = looked.first {
        return "\(folder) does not hold POETQ's \(missing). Give --resources (or POETQ_RESOURCES) the folder "
          + "that holds Resources/ and Public/ (the repository's root, or where a release unpacked them)."
      }
      return "POETQ's templates and static files were not found (looked for \(missing) in "
        + looked.joined(separator: ", ")
        + "). Start poetq from the folder that holds Resources/ and Public/, or give that folder with "
        + "--resources or POETQ_RESOURCES."
    }
  }

  /// The folder (ending in `/`) holding `Resources/` and `Public/`.
  /// - Parameters:
  ///   - explicit: `--resources`, else `POETQ_RESOURCES`; when given, only it is tried.
  ///   - currentDirectory: the folder the process was started from.
  ///   - executable: the path of the running executable.
  public static func find(
    explicit: String?, currentDirectory: String = FileManager.default.currentDirectoryPath,
    executable: String = CommandLine.arguments.first ?? ""
  ) throws(NotFound) -> String {
    if let explicit, !explicit.isEmpty {
      let folder = absolute(explicit, in: currentDirectory)
      guard holdsResources(folder) else { throw NotFound(looked: [folder], explicit: true) }
      return folder.hasSuffix("/") ? folder : folder + "/"
    }
    var candidates = [currentDirectory]
    let executablePath = URL(fileURLWithPath: absolute(executable, in: currentDirectory)).resolvingSymlinksInPath()
    var folder = executablePath.deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.path)
      candidates.append(folder.appendingPathComponent("share/poetq").path)
      folder = folder.deletingLastPathComponent()
    }
    var seen = Set<String>()
    let unique = candidates.filter { seen.insert($0).inserted }
    guard let found = unique.first(where: holdsResources) else { throw NotFound(looked: unique, explicit: false) }
    return found.hasSuffix("/") ? found : found + "/"
  }

  static func holdsResources(_ folder: String) -> Bool {
    required.allSatisfy { FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent($0)) }
  }

  private static func absolute(_ path: String, in folder: String) -> String {
    path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
  }
}
