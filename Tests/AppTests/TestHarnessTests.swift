import Testing

@testable import App

/// The database side of the test harness: which PostgreSQL databases the tests may use, and that
/// each is lent to one test at a time.
@Suite("Test harness: PostgreSQL databases")
struct TestHarnessTests {
  @Test("TEST_DATABASE_URL lists one database or several separated by white space")
  func urlList() {
    #expect(PostgresDatabases.urls(in: [:]).isEmpty)
    #expect(PostgresDatabases.urls(in: ["TEST_DATABASE_URL": " "]).isEmpty)
    #expect(PostgresDatabases.urls(in: ["TEST_DATABASE_URL": "postgres://a/x"]) == ["postgres://a/x"])
    #expect(
      PostgresDatabases.urls(in: ["TEST_DATABASE_URL": "postgres://a/x \n postgres://a/y"])
        == ["postgres://a/x", "postgres://a/y"])
  }

  @Test("a pool lends each item to one holder at a time; the others wait and get it back in order")
  func poolLendsOneAtATime() async throws {
    let pool = Pool(["x", "y"])
    let first = await pool.acquire()
    let second = await pool.acquire()
    #expect(Set([first, second]) == ["x", "y"])

    // A third borrower waits until an item comes back, and then gets exactly that item.
    let waiting = Task { await pool.acquire() }
    try await Task.sleep(for: .milliseconds(50))
    pool.release(second)
    #expect(await waiting.value == second)

    // However the body ends, the item comes back (and is lent before `first`, given back after it).
    pool.release(second)
    struct Failure: Error {}
    await #expect(throws: Failure.self) {
      try await pool.with { item in
        #expect(item == second)
        throw Failure()
      }
    }
    pool.release(first)
    #expect(await pool.acquire() == second)
  }
}
