#if canImport(Glibc)
  import Glibc
#endif

/// The block the kept correlation rows live in. Each of its pages is written once, as a row is first
/// computed, and a fresh page costs the kernel a fault: at 1,000 sorts the 8 MB of rows were 2,000
/// faults of 4 KiB, about a tenth of `poetq analyze`'s time. On Linux a block of 2 to 16 MiB is
/// therefore aligned to 2 MiB and offered to transparent huge pages (`MADV_HUGEPAGE`), so it faults
/// in 2 MiB at a time where the kernel allows it; elsewhere, or when refused, it is ordinary memory.
/// Larger blocks stay in small pages: on the reference machine (a VM) a run that needed some 34 new
/// huge pages (4,000 sorts, 64 MiB of rows) sometimes spent 0.3–0.5 s of system time getting them,
/// while there the faults are small beside the rows' own O(N²·S) work.
enum RowMemory {
  static let hugePage = 2 << 20
  static let largestHugeBlock = 16 << 20

  static func allocate(doubles count: Int) -> UnsafeMutablePointer<Double> {
    let bytes = count * MemoryLayout<Double>.stride
    #if canImport(Glibc)
      if bytes >= hugePage && bytes <= largestHugeBlock {
        let rounded = (bytes + hugePage - 1) / hugePage * hugePage
        var block: UnsafeMutableRawPointer?
        if posix_memalign(&block, hugePage, rounded) == 0, let block {
          _ = madvise(block, rounded, MADV_HUGEPAGE)
          return block.bindMemory(to: Double.self, capacity: count)
        }
      }
    #endif
    return UnsafeMutablePointer<Double>.allocate(capacity: count)
  }

  /// Frees a block of ``allocate(doubles:)`` (on Linux both kinds are malloc's, freed by `free`).
  static func deallocate(_ rows: UnsafeMutablePointer<Double>) {
    #if canImport(Glibc)
      free(rows)
    #else
      rows.deallocate()
    #endif
  }
}
