#!/usr/bin/env python3
"""Do analyses slow participants down, and how quickly do the Analyses pages answer? Issue 12's "Speed".

Starts `poetq serve` (release build) on SQLite under a temporary data directory and measures:
  1. a 10,000-sort x 40-statement study (a second `poetq demo` study plus 10,000 sorts imported through
     the Data tab at a site of their own, made from the demo's sorts by a few random swaps each), and
     participants' saves (POST /p/<code>, JSON, as the page's background save sends them: presort a
     statement, undo it, again and again) by the study's participants who are mid-sort: alone, then
     while a PCA of the 10,000 sorts runs in the background (queued through POST /api/v1/…/analyses,
     polled until done). Targets: the run under 5 s, the saves' p99 under 100 ms.
  2. on the demo study (93 sorts): a new centroid 7 + varimax run from the form's POST to its results
     page served (target under 200 ms), the results page alone, and "How many factors?" (parallel
     analysis with 1,000 simulations, target under 2 s).
Usage: analysis_stall.py [--poetq .build/release/poetq] [--runs 3] [--sorts 10000]. Needs aiohttp.
The server and its data directory are removed at the end (--keep keeps the directory)."""
import argparse, asyncio, base64, csv, html.parser, io, os, random, re, shutil, signal, socket, sqlite3
import statistics, subprocess, sys, tempfile, time
import aiohttp

EMAIL, PASSWORD = "bench@example.org", "benchmark-password-1"
SAVE_STARTS, RUN_STARTS = [], []  # (start, ms) of every save; start of every analysis POST


# MARK: - Figures

def percentile(values, p):
    """The nearest-rank percentile (p in 0…100) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def summary(values):
    if not values:
        return "no samples"
    return (f"n {len(values)}, p50 {statistics.median(values):.1f} ms, p99 {percentile(values, 99):.1f} ms, "
            f"max {max(values):.1f} ms")


# MARK: - Pages and forms

class FormReader(html.parser.HTMLParser):
    """The fields a browser would submit from each form of a page: hidden and text inputs, ticked boxes,
    the selected (or first) option of each select, textareas."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action", ""), "id": a.get("id", ""), "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.form["fields"].append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self.select = {"name": a.get("name"), "options": [], "chosen": None}
        elif tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value", ""))
            if "selected" in a:
                self.select["chosen"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            s, self.select = self.select, None
            if self.form is not None and s["name"] and s["options"]:
                self.form["fields"].append([s["name"], s["chosen"] if s["chosen"] is not None else s["options"][0]])
        elif tag == "textarea" and self.textarea is not None:
            if self.form is not None:
                self.form["fields"].append(self.textarea)
            self.textarea = None


def form(page, match):
    reader = FormReader()
    reader.feed(page)
    for f in reader.forms:
        if match in (f["id"], f["action"]) or f["action"].endswith(match):
            return f["fields"]
    raise SystemExit(f"no form {match!r} on the page")


def set_field(fields, name, value):
    return [f for f in fields if f[0] != name] + [[name, value]]


def csrf_of(page):
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


# MARK: - The server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poetq(binary, *arguments, stdin=None):
    done = subprocess.run([binary, *arguments], input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"poetq {' '.join(arguments)} failed: {done.stderr}")
    return done.stdout.strip()


async def wait_until_up(base):
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            try:
                async with session.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not come up within 60 s")


async def sign_in(base):
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.get(f"{base}/login") as page:
        token = csrf_of(await page.text())
    async with session.post(f"{base}/login", data={"email": EMAIL, "password": PASSWORD, "csrf": token}) as r:
        await r.read()
        if "/login" in str(r.url):
            raise SystemExit("signing in failed")
    return session


# MARK: - 1. The 10,000-sort study

def perturbed(rows, count, rng):
    """`count` sorts made from `rows` (id, scores): each a demo sort with 4 to 12 random swaps, so the
    forced grid holds and the five viewpoints stay visible under noise."""
    made = []
    for index in range(count):
        scores = list(rows[index % len(rows)][1])
        for _ in range(rng.randint(4, 12)):
            i, j = rng.randrange(len(scores)), rng.randrange(len(scores))
            scores[i], scores[j] = scores[j], scores[i]
        made.append((f"Z{index + 1:05d}", scores))
    return made


async def import_sorts(base, session, slug, count):
    """Adds the site "Bench" and imports `count` sorts there through the Data tab (upload, preview,
    confirm), as a researcher does in the browser. Returns the seconds the confirm took."""
    async with session.get(f"{base}/studies/{slug}/data/export/kade") as r:
        text = await r.text()
    table = list(csv.reader(io.StringIO(text)))
    header, rows = table[0], [(row[0], row[1:]) for row in table[1:] if row]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for sort_id, scores in perturbed(rows, count, random.Random(1965)):
        writer.writerow([sort_id, *scores])
    async with session.get(f"{base}/studies/{slug}/data") as r:
        token = csrf_of(await r.text())
    upload = aiohttp.FormData()
    upload.add_field("csrf", token)
    upload.add_field("file", out.getvalue().encode(), filename="bench-sorts.csv", content_type="text/csv")
    started = time.perf_counter()
    async with session.post(f"{base}/studies/{slug}/data/import", data=upload) as r:
        preview = await r.text()
        if r.status != 200:
            raise SystemExit(f"import preview answered {r.status}")
    fields = form(preview, "/data/import/confirm")
    site = re.search(r'<option value="([^"]+)"[^>]*>Bench</option>', preview).group(1)
    confirm_started = time.perf_counter()
    async with session.post(f"{base}/studies/{slug}/data/import/confirm", data=set_field(fields, "site", site)) as r:
        page = await r.text()
        if f"{count} sorts imported" not in page:
            raise SystemExit(f"the import was not confirmed ({r.status})")
    return confirm_started - started, time.perf_counter() - confirm_started


class Participant:
    """A participant mid-sort at the presort: presorts the statement on screen, undoes it, again and
    again, each action a background save (Accept: application/json) carrying the page's revision."""

    def __init__(self, base, code):
        self.url, self.revision, self.statement = f"{base}/p/{code}", None, None

    async def open(self, session):
        async with session.get(self.url) as r:
            page = await r.text()
        found = re.search(r'name="statement" value="(\d+)"', page)
        revision = re.search(r'name="revision" value="(\d+)"', page)
        if not found or not revision or 'value="presort"' not in page:
            return False
        self.statement, self.revision = found.group(1), int(revision.group(1))
        return True

    async def save(self, session, fields, out):
        fields["revision"] = str(self.revision)
        started = time.perf_counter()
        async with session.post(self.url, data=fields, headers={"Accept": "application/json"}) as r:
            answer = await r.json(content_type=None)
        out.append((time.perf_counter() - started) * 1000)
        SAVE_STARTS.append((started, out[-1]))
        if r.status != 200 or answer.get("error"):
            raise SystemExit(f"a save was refused ({r.status}): {answer}")
        self.revision = answer["revision"]

    async def keep_saving(self, session, stop, out, pause):
        while not stop.is_set():
            await self.save(session, {"action": "presort", "statement": self.statement, "pile": "agree"}, out)
            await asyncio.sleep(pause)
            await self.save(session, {"action": "undo_presort"}, out)
            await asyncio.sleep(pause)


async def saving(participants, session, seconds=None, until=None, pause=0.05):
    """Everyone saves until `seconds` pass or `until` (a coroutine) returns; the save latencies and
    what `until` returned."""
    stop, out = asyncio.Event(), []
    loops = [asyncio.create_task(p.keep_saving(session, stop, out, pause)) for p in participants]
    await asyncio.sleep(0.5)  # everyone under way
    out.clear()
    result = await until() if until else await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*loops)
    return out, result


async def run_analysis(base, api, session, slug, body):
    """POSTs an analysis through the API and polls its state every 50 ms (the Analyses page's status
    address, which leaves the stored result out) until done: (POST ms, POST to done observed in s,
    the runner's own claim-to-stored-result s, sorts)."""
    started = time.perf_counter()
    RUN_STARTS.append(started)
    async with api.post(f"{base}/api/v1/studies/{slug}/analyses", json=body) as r:
        queued = await r.json()
        if r.status != 202:
            raise SystemExit(f"the analysis was refused ({r.status}): {queued}")
    posted = (time.perf_counter() - started) * 1000
    stages, last = [], None
    while True:
        async with session.get(f"{base}/studies/{slug}/analyses/{queued['id']}/status") as r:
            run = await r.json()
        if run["status"] in ("done", "failed"):
            break
        if (run["status"], run.get("stage")) != last:
            last = (run["status"], run.get("stage"))
            stages.append(f"{run.get('stage') or run['status']} at {time.perf_counter() - started:.2f} s")
        await asyncio.sleep(0.05)
    done = time.perf_counter() - started
    if run["status"] != "done":
        raise SystemExit(f"the analysis failed: {run['failure']}")
    return {"posted": posted, "done": done, "sorts": run["sortCount"], "stages": stages, "name": run["name"]}


def runner_seconds(directory, name):
    """The runner's own claim-to-stored-result time, from the row (the API's dates are whole seconds)."""
    database = sqlite3.connect(os.path.join(directory, "poetq.sqlite"))
    started, finished = database.execute(
        "SELECT started_at, finished_at FROM analyses WHERE name = ?", (name,)).fetchone()
    database.close()
    def seconds(value):
        if isinstance(value, (int, float)):
            return float(value)
        from datetime import datetime
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    return seconds(finished) - seconds(started)


# MARK: - 2. The demo study's pages

async def new_run_to_results(base, session, slug):
    """The run form posted as a browser posts it (centroid, 7 factors, varimax), then its page fetched
    until it shows results: polling the status every 10 ms (what the server allows), and how the
    page's own script would get there (it asks once a second). Returns (POST ms, POST to results
    served ms, first page showed results, analysis id)."""
    async with session.get(f"{base}/studies/{slug}/analyses/new") as r:
        fields = form(await r.text(), "analysis-form")
    fields = set_field(set_field(set_field(fields, "factors", "7"), "extraction", "centroid"), "rotation", "varimax")
    fields = set_field(fields, "name", f"Bench centroid 7 {time.time():.0f}")
    started = time.perf_counter()
    async with session.post(f"{base}/studies/{slug}/analyses", data=fields, allow_redirects=False) as r:
        await r.read()
        location = r.headers.get("Location", "")
        if r.status not in (302, 303) or "/analyses/" not in location:
            raise SystemExit(f"the run form answered {r.status}")
    posted = (time.perf_counter() - started) * 1000
    first = True
    while True:
        async with session.get(base + location) as r:
            page = await r.text()
        status = re.search(r'data-status="(\w+)"', page).group(1)
        if status == "done":
            break
        if status == "failed":
            raise SystemExit("the demo run failed")
        first = False
        while True:  # the page's script: ask the status, load the page again when the run is over
            await asyncio.sleep(0.01)
            async with session.get(base + location + "/status", headers={"Accept": "application/json"}) as r:
                if (await r.json())["status"] in ("done", "failed"):
                    break
    return posted, (time.perf_counter() - started) * 1000, first, location


async def timed_get(session, url, times):
    values = []
    for _ in range(times):
        started = time.perf_counter()
        async with session.get(url) as r:
            await r.read()
            if r.status != 200:
                raise SystemExit(f"{url} answered {r.status}")
        values.append((time.perf_counter() - started) * 1000)
    return values


# MARK: - Main

async def measure(base, directory, big_slug, demo_slug, token, arguments):
    session = await sign_in(base)
    api = aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"})
    people = aiohttp.ClientSession()
    try:
        async with api.post(f"{base}/api/v1/studies/{big_slug}/sites", json={"name": "Bench"}) as r:
            if r.status != 201:
                raise SystemExit(f"adding the site answered {r.status}: {await r.text()}")
        preview, confirm = await import_sorts(base, session, big_slug, arguments.sorts)
        print(f"imported {arguments.sorts} sorts through the Data tab: preview {preview:.1f} s, confirm {confirm:.1f} s")

        database = sqlite3.connect(os.path.join(directory, "poetq.sqlite"))
        codes = [row[0] for row in database.execute(
            "SELECT p.code FROM participants p JOIN studies s ON s.id = p.study_id "
            "WHERE s.slug = ? AND p.status = 'in_progress'", (big_slug,))]
        database.close()
        participants = [p for p in (Participant(base, c) for c in codes) if await p.open(people)]
        print(f"{len(participants)} participants mid-sort (presort) in the 10,000-sort study, each saving every "
              f"{arguments.pause * 1000:.0f} ms after the last answer")

        alone, _ = await saving(participants, people, seconds=arguments.alone, pause=arguments.pause)
        during, runs = [], []
        for index in range(arguments.runs):
            body = {"name": f"Bench PCA {index + 1}", "sites": ["Bench"], "extraction": "pca", "factors": 7,
                    "rotation": "varimax"}
            samples, run = await saving(
                participants, people, until=lambda: run_analysis(base, api, session, big_slug, body), pause=arguments.pause)
            during += samples
            runs.append(run)
            await asyncio.sleep(1)
        print(f"participant saves alone: {summary(alone)}")
        print(f"participant saves during the PCA runs: {summary(during)}")
        slowest = sorted((s for s in SAVE_STARTS if s[0] >= RUN_STARTS[0]), key=lambda s: -s[1])[:8]
        print("slowest saves during the runs (started … after the run's POST): " + ", ".join(
            f"{ms:.0f} ms at +{(at - max(r for r in RUN_STARTS if r <= at)) * 1000:.0f} ms"
            for at, ms in slowest if any(r <= at for r in RUN_STARTS)))
        for run in runs:
            print(f"PCA of {run['sorts']} sorts x 40, 7 factors, varimax: POST answered in {run['posted']:.0f} ms, "
                  f"done seen {run['done']:.2f} s after the POST (runner: "
                  f"{runner_seconds(directory, run['name']):.2f} s from claim to stored result); "
                  + ", ".join(run["stages"]))

        flows = [await new_run_to_results(base, session, demo_slug) for _ in range(arguments.demo_runs)]
        location = flows[-1][3]
        for posted, served, first, _ in flows:
            print(f"demo run (93 sorts, centroid 7, varimax): POST {posted:.0f} ms, results page served "
                  f"{served:.0f} ms after the POST ({'on the first page' if first else 'after polling'})")
        print(f"demo results page: {summary(await timed_get(session, base + location, 20))}")
        count = await timed_get(session, f"{base}/studies/{demo_slug}/analyses/factor-count", 5)
        print(f"How many factors? page (1,000 simulations): {summary(count)}")
        count_api = await timed_get(api, f"{base}/api/v1/studies/{demo_slug}/factor-count", 3)
        print(f"GET /api/v1/…/factor-count: {summary(count_api)}")
    finally:
        for s in (session, api, people):
            await s.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--poetq", default=".build/release/poetq")
    parser.add_argument("--sorts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="PCA runs while participants save")
    parser.add_argument("--demo-runs", type=int, default=5, help="centroid runs of the demo study")
    parser.add_argument("--alone", type=float, default=10, help="seconds of saves with nothing else running")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds each participant waits between saves")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    arguments = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="poetq-bench-")
    data = ["--data-dir", directory]
    poetq(arguments.poetq, "user", "add", "--email", EMAIL, "--name", "Bench", *data, stdin=PASSWORD + "\n")
    slugs = [re.search(r"/studies/(\S+)", poetq(arguments.poetq, "demo", *data)).group(1) for _ in range(2)]
    token = poetq(arguments.poetq, "user", "token", "--email", EMAIL, "--name", "bench", *data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(directory, "serve.log"), "w")
    server = subprocess.Popen([arguments.poetq, "serve", "--port", str(port), *data], stdout=log, stderr=log,
                              start_new_session=True)
    try:
        asyncio.run(wait_until_up(base))
        print(f"poetq serve (pid {server.pid}) on {base}, data in {directory}; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        asyncio.run(measure(base, directory, slugs[1], slugs[0], token, arguments))
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if not arguments.keep:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
