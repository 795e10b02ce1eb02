#!/usr/bin/env python3
"""Do sign-in attempts slow participants down? Against a running `poetq serve` with the demo study:
measures a participant page's latency (p50, p99) alone, then while 64 sign-in attempts run 16 at a
time. bcrypt runs on a pool of its own (PasswordHasher), so the second figures should stay close to
the first. Usage: signin_stall.py http://127.0.0.1:8080 <participant code>. Needs aiohttp."""
import asyncio, statistics, sys, time
import aiohttp

BASE, CODE = sys.argv[1], sys.argv[2]

async def participant_pages(session, n, out):
    for _ in range(n):
        start = time.perf_counter()
        async with session.get(f"{BASE}/p/{CODE}") as response:
            await response.read()
        out.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.02)

async def sign_in(session, index):
    async with session.post(f"{BASE}/login", data={"email": f"nobody{index}@example.org", "password": "guess"}) as r:
        await r.read()

async def main():
    async with aiohttp.ClientSession() as session:
        alone = []
        await participant_pages(session, 100, alone)
        during = []
        semaphore = asyncio.Semaphore(16)
        async def limited(i):
            async with semaphore:
                async with aiohttp.ClientSession() as own:  # each with its own session and CSRF token
                    async with own.get(f"{BASE}/login") as page:
                        html = await page.text()
                    token = html.split('name="csrf" value="')[1].split('"')[0]
                    async with own.post(f"{BASE}/login", data={"email": f"x{i}@example.org", "password": "guess", "csrf": token}) as r:
                        await r.read()
        await asyncio.gather(participant_pages(session, 100, during), *(limited(i) for i in range(64)))
    for name, values in (("alone", alone), ("during 64 sign-ins", during)):
        values.sort()
        print(f"participant page {name}: p50 {statistics.median(values):.1f} ms, p99 {values[int(len(values) * .99) - 1]:.1f} ms")

asyncio.run(main())
