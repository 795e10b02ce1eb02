#!/usr/bin/env python3
"""Plays N participants through the real HTTP calls of the participant pages, checks afterwards that
every acknowledged save is in the database, and prints requests/s and p50/p95/p99 per call type beside
GET /healthz measured by the same client, at the same concurrency, in the same run. Issue 26.

Each participant (a browser without JavaScript, zero pause unless --pause): opens its link, reads the
consent page, consents, answers the questions, presorts every statement (a POST answered 303, then the
page), then makes the stepwise ranking's choices; when its flow is done, or when --seconds are up, it
stops. A save counts as acknowledged when its 303 arrives: the stored revision must then be at least
the one it was posted with plus one.

Loopback only, bounded: at most 2,000 participants and 600 seconds.

  Standalone (starts `poetq serve` on a free port, makes the demo study and N codes through the pages,
  reads the database itself, stops the server):
    load.py --poetq .build/release/poetq --participants 200 --seconds 120           # SQLite
    load.py --database-url postgres://poetq:poetq@127.0.0.1:5432/poetq_bench ...    # PostgreSQL (emptied)
  Against a server someone else runs (the test suite's smoke run), which verifies the report itself:
    load.py --base-url http://127.0.0.1:PORT --codes-file codes.txt --report out.json
Needs aiohttp."""
import argparse, asyncio, json, os, re, shutil, signal, socket, sqlite3, statistics, subprocess, sys
import tempfile, time, urllib.parse
import aiohttp

MAX_PARTICIPANTS, MAX_SECONDS = 2000, 600
EMAIL, PASSWORD = "load@example.org", "load-harness-password-1"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


class Recorder:
    """Latencies by call type, errors with what went wrong, acknowledged revisions by code."""

    def __init__(self):
        self.samples, self.errors, self.acknowledged, self.finished = {}, [], {}, 0

    def add(self, kind, ms):
        self.samples.setdefault(kind, []).append(ms)

    def error(self, text):
        self.errors.append(text)


async def call(session, recorder, kind, method, url, **options):
    """One request, timed under `kind`; returns (status, body text, headers) or None on a failure."""
    started = time.perf_counter()
    try:
        async with session.request(method, url, allow_redirects=False, **options) as response:
            body = await response.text()
            recorder.add(kind, (time.perf_counter() - started) * 1000)
            return response.status, body, response.headers
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        recorder.error(f"{kind}: {type(error).__name__} {error}")
        return None


def found(pattern, page, group=1):
    match = re.search(pattern, page)
    return match.group(group) if match else None


def answers(page):
    """The fields that answer every question on the page, as the suite's ParticipantClient answers."""
    pairs = []
    for key in re.findall(r'name="asked" value="([^"]+)"', page):
        pairs.append(("asked", key))
        field = re.escape(f"q.{key}")
        options = re.findall(r'type="(?:radio|checkbox)" id="[^"]+" name="' + field + r'" value="([^"]*)"', page)
        if options:
            pairs.append((f"q.{key}", options[0].replace("&amp;", "&")))
        elif re.search(r'name="' + field + r'" value="[^"]*" inputmode="decimal"', page):
            pairs.append((f"q.{key}", "3"))
        else:
            pairs.append((f"q.{key}", "Practice nurse"))
    return pairs


async def participant(base, code, session, recorder, deadline, pause):
    url = f"{base}/p/{code}"

    async def page():
        got = await call(session, recorder, "page", "GET", url)
        if got is None or got[0] != 200:
            recorder.error(f"page of {code}: {got and got[0]}")
            return None
        return got[1]

    async def save(kind, fields, page_text):
        revision = int(found(r'name="revision" value="(\d+)"', page_text) or 0)
        got = await call(session, recorder, kind, "POST", url, data=fields + [("revision", str(revision))])
        if got is None or got[0] != 303:
            recorder.error(f"{kind} of {code}: {got and got[0]} {got and got[1][:160]!r}")
            return None
        recorder.acknowledged[code] = max(recorder.acknowledged.get(code, 0), revision + 1)
        if pause:
            await asyncio.sleep(pause)
        return await page()

    text = await page()
    if text is None:
        return
    got = await call(session, recorder, "page", "GET", url + "?step=consent")
    version = got and found(r'name="version" value="(\d+)"', got[1])
    if not version:
        recorder.error(f"consent page of {code}: {got and got[0]}")
        return
    got = await call(session, recorder, "consent", "POST", url + "/consent", data=[("choice", "agree"), ("version", version)])
    if got is None or got[0] != 303:
        recorder.error(f"consent of {code}: {got and got[0]}")
        return
    text = await page()
    if text and 'name="asked"' in text:
        text = await save("answers", answers(text) + [("action", "continue")], text)
    shown = 0
    while text and time.monotonic() < deadline:
        statement = found(r'name="statement" value="(\d+)"', text)
        count = found(r'data-count="(\d+)"', text)
        if statement and 'name="pile"' in text:
            pile = "agree" if shown < 12 else "neutral" if shown < 22 else "disagree"
            text = await save("presort save", [("action", "presort"), ("statement", statement), ("pile", pile)], text)
            shown += 1
        elif count:
            chosen = re.findall(r'name="chosen" value="(\d+)"', text)[: int(count)]
            text = await save("ranking save", [("chosen", c) for c in chosen] + [("action", "choose")], text)
        elif 'value="undo_presort"' in text and 'name="action" value="continue"' in text:
            # Every statement presorted: the page says so and goes on to the sort.
            text = await save("continue", [("action", "continue")], text)
        elif 'name="action" value="place"' in text:
            # The grid without JavaScript: the selected card to the first column with room; when
            # every card is placed, go on.
            free = re.findall(r'name="score" value="(-?\d+)" id="[^"]+">', text)
            if statement and free:
                text = await save("placing save", [("action", "place"), ("statement", statement), ("score", free[0])], text)
            elif statement is None:
                text = await save("placing save", [("action", "continue")], text)
                recorder.finished += 1
                return
            else:
                recorder.error(f"placing of {code}: statement {statement} has no column with room")
                return
        else:
            recorder.finished += 1
            return


async def healthz(base, session, recorder, deadline, loops):
    async def loop():
        while time.monotonic() < deadline:
            got = await call(session, recorder, "GET /healthz", "GET", f"{base}/healthz")
            if got is None or got[0] != 200:
                recorder.error(f"healthz: {got and got[0]}")
                return
    await asyncio.gather(*(loop() for _ in range(loops)))


async def play(base, codes, seconds, pause, healthz_seconds, cpu=None):
    """The /healthz phase, then the participants; both at len(codes) concurrent loops, one client.
    `cpu`, when given, returns the CPU seconds used so far by the server (and its database); the
    participants' phase's share is kept in `people.cpu`."""
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session:
        health = Recorder()
        started = time.monotonic()
        await healthz(base, session, health, started + healthz_seconds, len(codes))
        health_elapsed = time.monotonic() - started
        people = Recorder()
        before = cpu() if cpu else None
        started = time.monotonic()
        await asyncio.gather(*(participant(base, c, session, people, started + seconds, pause) for c in codes))
        elapsed = time.monotonic() - started
        if cpu:
            after = cpu()
            people.cpu = {part: after[part] - before.get(part, 0) for part in after}
    return health, health_elapsed, people, elapsed


def process_cpu(pid):
    """User + system CPU seconds of process `pid` so far (0 when it is gone)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def psql_url(url):
    """The URL psql reads for POETQ's DATABASE_URL: a `postgres+uds://user:pass@host/dir/.s.PGSQL.PORT#db`
    (PostgreSQL's driver in POETQ) becomes libpq's `postgresql://user:pass@/db?host=dir&port=PORT`."""
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.endswith("+uds"):
        return url
    directory, _, socket_name = parts.path.rpartition("/")
    port = socket_name.rsplit(".", 1)[-1]
    credentials = parts.netloc.rpartition("@")[0]
    return f"postgresql://{credentials}@/{parts.fragment}?host={urllib.parse.quote(directory)}&port={port}"


def cpu_meter(server_pid, database_url):
    """CPU seconds used so far by the server and, on PostgreSQL, by the backends serving its
    database: CPU per request does not depend on how busy the rest of the machine is, unlike
    requests/s (the figures of a shared machine)."""
    seen = {}

    def measure():
        parts = {"server": process_cpu(server_pid)}
        if database_url:
            out = subprocess.run(["psql", psql_url(database_url), "-At", "-c",
                                  "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                  "AND pid <> pg_backend_pid()"], capture_output=True, text=True).stdout
            for pid in out.split():
                seen[pid] = process_cpu(pid) or seen.get(pid, 0.0)
            parts["postgres"] = sum(seen.values())
        return parts
    return measure


def figures(health, health_elapsed, people, elapsed):
    lines = []
    def row(kind, values, seconds):
        return (f"  {kind:<14} n {len(values):>6}  {len(values) / seconds:>8.1f} req/s  p50 {statistics.median(values):7.1f} ms"
                f"  p95 {percentile(values, 95):7.1f} ms  p99 {percentile(values, 99):7.1f} ms")
    hz = health.samples.get("GET /healthz", [])
    if hz:
        lines.append(row("GET /healthz", hz, health_elapsed))
    total = sum(len(v) for v in people.samples.values())
    for kind in sorted(people.samples):
        lines.append(row(kind, people.samples[kind], elapsed))
    lines.append(f"  participant requests {total / elapsed:.1f}/s over {elapsed:.1f} s; /healthz "
                 f"{len(hz) / health_elapsed if hz else 0:.1f}/s; ratio "
                 f"{(total / elapsed) / (len(hz) / health_elapsed) if hz else 0:.3f}")
    saves = people.samples.get("presort save", [])
    if hz and saves:
        lines.append(f"  presort save p99 = {percentile(saves, 99) / statistics.median(hz):.1f} /healthz round trips (p50)")
    cpu = getattr(people, "cpu", None)
    if cpu and total:
        lines.append("  CPU per participant request: " + ", ".join(
            f"{part} {seconds * 1000 / total:.2f} ms" for part, seconds in cpu.items()))
    return "\n".join(lines)


# MARK: - Standalone: the server, the study, the codes, the database

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_poetq(binary, environment, *arguments, stdin=None):
    done = subprocess.run([binary, *arguments], input=stdin, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        raise SystemExit(f"poetq {' '.join(arguments)} failed: {done.stderr}")
    return done.stdout.strip()


async def make_codes(base, count):
    """Signs in, finds the demo study, generates `count` codes at its first site, reads links.csv."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(f"{base}/login") as r:
            token = found(r'name="csrf" value="([^"]+)"', await r.text())
        async with session.post(f"{base}/login", data={"email": EMAIL, "password": PASSWORD, "csrf": token}) as r:
            await r.read()
        async with session.get(f"{base}/studies") as r:
            slug = found(r'href="/studies/([^/"]+)"', await r.text())
        async with session.get(f"{base}/studies/{slug}/participants") as r:
            text = await r.text()
        token = found(r'name="csrf" value="([^"]+)"', text)
        site = found(r'<select[^>]*name="site"[^>]*>\s*<option value="([^"]+)"', text) or found(r'<option value="([0-9A-F-]{36})"', text)
        async with session.get(f"{base}/studies/{slug}/participants/links.csv") as r:
            before = set(re.findall(r"/p/([A-Za-z0-9_-]+)", await r.text()))
        remaining = count
        while remaining > 0:
            batch = min(remaining, 500)
            async with session.post(f"{base}/studies/{slug}/participants/generate",
                                    data={"count": str(batch), "site": site, "csrf": token}) as r:
                if r.status != 200:
                    raise SystemExit(f"generating codes answered {r.status}")
            remaining -= batch
        async with session.get(f"{base}/studies/{slug}/participants/links.csv") as r:
            codes = [c for c in re.findall(r"/p/([A-Za-z0-9_-]+)", await r.text()) if c not in before]
    if len(codes) < count:
        raise SystemExit(f"only {len(codes)} of {count} codes were made")
    return codes[:count]


def stored_revisions(directory, database_url, codes):
    query = ("SELECT p.code, r.revision FROM participants p JOIN responses r ON r.participant_id = p.id")
    if database_url:
        out = subprocess.run(["psql", psql_url(database_url), "-At", "-F", "\t", "-c", query], capture_output=True, text=True,
                             check=True).stdout
        rows = [line.split("\t") for line in out.splitlines() if line]
    else:
        connection = sqlite3.connect(os.path.join(directory, "poetq.sqlite"))
        rows = connection.execute(query).fetchall()
        connection.close()
    wanted = set(codes)
    return {code: int(revision) for code, revision in rows if code in wanted}


def losses(acknowledged, stored):
    return [f"{code}: acknowledged revision {revision}, stored {stored.get(code)}"
            for code, revision in acknowledged.items() if stored.get(code, 0) < revision]


async def wait_until_up(base, process, seconds=60):
    async with aiohttp.ClientSession() as session:
        for _ in range(int(seconds * 10)):
            if process.poll() is not None:
                raise SystemExit("the server stopped while starting")
            try:
                async with session.get(f"{base}/healthz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"the server did not come up within {seconds} s")


def standalone(arguments):
    directory = tempfile.mkdtemp(prefix="poetq-load-")
    environment = dict(os.environ)
    environment.pop("DATABASE_URL", None)
    if arguments.database_url:
        environment["DATABASE_URL"] = arguments.database_url
        # Start from an empty database: the harness's figures are for a fresh demo study.
        subprocess.run(["psql", psql_url(arguments.database_url), "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                       check=True, capture_output=True)
    data = ["--data-dir", directory]
    run_poetq(arguments.poetq, environment, "user", "add", "--email", EMAIL, "--name", "Load", *data, stdin=PASSWORD + "\n")
    run_poetq(arguments.poetq, environment, "demo", *data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([arguments.poetq, "serve", "--hostname", "127.0.0.1", "--port", str(port), *data],
                              env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        asyncio.run(wait_until_up(base, server, arguments.startup_seconds))
        codes = asyncio.run(make_codes(base, arguments.participants))
        health, health_elapsed, people, elapsed = asyncio.run(
            play(base, codes, arguments.seconds, arguments.pause, arguments.healthz_seconds,
                 cpu_meter(server.pid, arguments.database_url)))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    stored = stored_revisions(directory, arguments.database_url, codes)
    lost = losses(people.acknowledged, stored)
    backend = "PostgreSQL" if arguments.database_url else "SQLite"
    print(f"{backend}, {arguments.participants} participants, pause {arguments.pause * 1000:.0f} ms, "
          f"{people.finished} sorted every card (up to the grid check) within {arguments.seconds} s")
    print(figures(health, health_elapsed, people, elapsed))
    print(f"  errors {len(people.errors) + len(health.errors)}, acknowledged saves lost {len(lost)}")
    for text in (people.errors + health.errors + lost)[:10]:
        print("   ", text)
    if not arguments.keep:
        shutil.rmtree(directory, ignore_errors=True)
    return 1 if people.errors or health.errors or lost else 0


def external(arguments):
    codes = [line.strip() for line in open(arguments.codes_file) if line.strip()]
    if len(codes) > MAX_PARTICIPANTS:
        raise SystemExit(f"at most {MAX_PARTICIPANTS} participants")
    health, health_elapsed, people, elapsed = asyncio.run(
        play(arguments.base_url, codes, arguments.seconds, arguments.pause, arguments.healthz_seconds))
    print(figures(health, health_elapsed, people, elapsed))
    with open(arguments.report, "w") as out:
        json.dump({"acknowledged": people.acknowledged, "errors": people.errors + health.errors,
                   "finished": people.finished,
                   "requests": {k: len(v) for k, v in {**people.samples, **health.samples}.items()}}, out)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--poetq", default=".build/release/poetq")
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="the participants' phase ends after this")
    parser.add_argument("--healthz-seconds", type=float, default=5)
    parser.add_argument("--pause", type=float, default=0, help="seconds a participant waits after each save")
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite (its public schema is emptied)")
    parser.add_argument("--base-url", help="a running server (loopback) instead of starting one")
    parser.add_argument("--codes-file", help="with --base-url: one participant code a line")
    parser.add_argument("--report", help="with --base-url: where to write the acknowledged revisions (JSON)")
    parser.add_argument("--startup-seconds", type=float, default=60,
                        help="how long the server may take to answer /healthz (more under valgrind)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite data directory")
    arguments = parser.parse_args()
    if not 1 <= arguments.participants <= MAX_PARTICIPANTS or not 0 < arguments.seconds <= MAX_SECONDS:
        raise SystemExit(f"participants 1…{MAX_PARTICIPANTS}, seconds up to {MAX_SECONDS}")
    if arguments.base_url:
        host = urllib.parse.urlparse(arguments.base_url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("the harness plays against a server on this machine only (loopback)")
        if not arguments.codes_file or not arguments.report:
            raise SystemExit("--base-url needs --codes-file and --report")
        sys.exit(external(arguments))
    sys.exit(standalone(arguments))


if __name__ == "__main__":
    main()
