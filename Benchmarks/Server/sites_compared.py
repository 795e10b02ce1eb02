#!/usr/bin/env python3
"""How long does the "Sites compared" page of the demo take? Against a running `poetq serve` with the
demo study (`poetq demo`): signs in, runs the aggregate analysis (centroid, 5 factors) and the local
analyses from the page if they are not there yet, then times the page with every table (Tables 11,
14, 15-21, the second-order analysis, the ratings) and a site's feedback report, 30 times each.
The target is under 500 ms. Standard library only.
Usage: sites_compared.py http://127.0.0.1:8080 EMAIL PASSWORD [SLUG]"""
import http.cookiejar, re, statistics, sys, time, urllib.parse, urllib.request

BASE, EMAIL, PASSWORD = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
SLUG = sys.argv[4] if len(sys.argv) > 4 else "poetq-demo-synthetic-data"
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def get(path):
    with opener.open(BASE + path) as response:
        return response.read().decode()

def post(path, fields, page):
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({**fields, "csrf": token}).encode()
    with opener.open(urllib.request.Request(BASE + path, data=data)) as response:
        return response.read().decode()

def wait_until(predicate, what):
    for _ in range(600):
        page = get(f"/studies/{SLUG}/compare")
        if predicate(page):
            return page
        time.sleep(0.2)
    sys.exit(f"{what} did not finish within two minutes")

def timed(path, n=30):
    get(path)  # warm
    values = []
    for _ in range(n):
        start = time.perf_counter()
        get(path)
        values.append((time.perf_counter() - start) * 1000)
    values.sort()
    return statistics.median(values), values[int(len(values) * 0.95) - 1], values[-1]

post("/login", {"email": EMAIL, "password": PASSWORD}, get("/login"))
page = get(f"/studies/{SLUG}/compare")
if 'id="aggregate"' not in page:
    post(f"/studies/{SLUG}/compare/aggregate", {"extraction": "centroid", "factors": "5"}, page)
    page = wait_until(lambda p: 'id="aggregate"' in p, "the aggregate analysis")
if 'id="table-20"' not in page:
    aggregate = re.search(r'name="aggregate" value="([^"]+)"', page).group(1)
    post(f"/studies/{SLUG}/compare/local", {"aggregate": aggregate}, page)
    page = wait_until(lambda p: 'id="table-20"' in p, "the local analyses")
report = re.search(r'href="([^"]+/report\.html[^"]*)"', page).group(1).replace("&amp;", "&")
for name, path in (("Sites compared page", f"/studies/{SLUG}/compare"), ("site feedback report", report)):
    p50, p95, most = timed(path)
    print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {most:.1f} ms (target < 500 ms)")
