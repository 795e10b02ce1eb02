import Foundation
import ZIPFoundation

/// How much an `.xlsx` may unpack to, and how long it may take: the bounds that keep a ZIP bomb
/// (a few MB that inflate to gigabytes) from exhausting the server's memory.
///
/// The bytes are counted as they come out of the inflater, never taken from the ZIP headers: a
/// header may declare 1,000 bytes for a part that inflates to a gigabyte. A part is cut off as soon
/// as it passes what its header declares, the per-part or whole-workbook cap, or the largest ratio
/// of unpacked to packed bytes an ordinary workbook shows; and the whole read has a wall-clock budget.
struct XLSXLimits: Sendable {
  /// One part (a sheet, the shared strings) unpacked. A KADE sheet of 10,000 sorts × 100
  /// statements is about 25 MB of XML.
  var maxPartBytes = 64 << 20
  /// All parts together.
  var maxTotalBytes = 128 << 20
  /// Unpacked bytes per packed byte. Excel's sheets pack 5–20 to 1, a sheet of one value repeated
  /// some 100 to 1; deflate's own limit is about 1,000 to 1, reached only by made-up data.
  var maxRatio = 200
  /// Parts smaller than this are not held to `maxRatio` (a tiny part of repeated markup may pack well).
  var ratioFloorBytes = 1 << 20
  /// The wall-clock time to unpack and read the whole workbook.
  var budget: Duration = .seconds(10)

  static let standard = XLSXLimits()

  /// "64 MB", "1,000 bytes".
  static func describe(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes.formatted(.number.grouping(.automatic))) bytes"
  }
}

/// Unpacks an archive's parts under ``XLSXLimits``, counting what the inflater produces.
struct XLSXUnpacker {
  let archive: Archive
  let fileName: String
  let limits: XLSXLimits
  let deadline: ContinuousClock.Instant
  private(set) var totalBytes = 0

  init(archive: Archive, fileName: String, limits: XLSXLimits) {
    self.archive = archive
    self.fileName = fileName
    self.limits = limits
    deadline = ContinuousClock.now + limits.budget
  }

  var isPastDeadline: Bool { ContinuousClock.now > deadline }

  func fail(_ message: String) -> QMethodError {
    .malformedInput(file: fileName, line: nil, field: nil, message: message)
  }

  var overBudget: QMethodError {
    fail("took longer than \(limits.budget.components.seconds) s to unpack and read, so it was not read")
  }

  /// The unpacked bytes of the part at `path`; `nil` when the archive has no such part.
  mutating func part(_ path: String) throws(QMethodError) -> Data? {
    guard let entry = archive[path] else { return nil }
    let declared = entry.uncompressedSize
    let packed = entry.compressedSize
    let cap = min(limits.maxPartBytes, limits.maxTotalBytes - totalBytes)
    guard declared <= UInt64(limits.maxPartBytes) else {
      throw fail("\(path) is larger than \(XLSXLimits.describe(limits.maxPartBytes)) unpacked, so it was not read")
    }
    // Past this, the ratio of unpacked to packed bytes is that of a ZIP bomb, not a workbook.
    let ratioCap = max(
      limits.ratioFloorBytes,
      Int(clamping: packed.multipliedReportingOverflow(by: UInt64(limits.maxRatio)).partialValue))
    let limits = limits
    let deadline = deadline
    var bytes = Data()
    bytes.reserveCapacity(Int(min(declared, UInt64(cap))))
    var refusal: QMethodError?
    do {
      _ = try archive.extract(entry, skipCRC32: false) { chunk in
        let count = bytes.count + chunk.count
        if count > declared {
          refusal = fail(
            "\(path) unpacks to more than the \(XLSXLimits.describe(Int(declared))) its ZIP header declares "
              + "(the file is damaged or made to mislead), so it was not read")
        } else if count > cap {
          refusal = fail(
            "\(path) unpacks to more than \(XLSXLimits.describe(cap)), more than a workbook may hold, so it was not read"
          )
        } else if count > ratioCap {
          refusal = fail(
            "\(path) unpacks to more than \(limits.maxRatio) times its packed size (\(XLSXLimits.describe(Int(packed)))), "
              + "as no ordinary workbook does, so it was not read")
        } else if ContinuousClock.now > deadline {
          refusal = overBudget
        }
        if refusal != nil { throw CocoaError(.fileReadTooLarge) }
        bytes.append(chunk)
      }
    } catch {
      if let refusal { throw refusal }
      throw fail("\(path) cannot be unpacked: \(error)")
    }
    totalBytes += bytes.count
    return bytes
  }
}
