"""A crowd of simulated phones (aiohttp clients): each joins, then sends its notes one after
another to its own cell (phone i to cells[i % len(cells)]), as a room does in silent writing. Used by the load test and bench/room_load.py."""
from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field

import aiohttp


@dataclass
class CrowdResult:
    statuses: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds per note request
    texts: list[str] = field(default_factory=list)  # of the notes the room answered 200 to


def note_text(phone: int, note: int) -> str:
    return f"phone {phone} note {note}"


async def _phone(client: aiohttp.ClientSession, url: str, phone: int, notes: int, where: dict,
                 result: CrowdResult) -> None:
    async with client.post(url + "api/join", json={"name": f"P{phone}"}) as joined:
        key = (await joined.json())["phone"]
    for note in range(notes):
        text = note_text(phone, note)
        started = time.perf_counter()
        async with client.post(url + "api/notes", json={**where, "text": text}, headers={"X-Phone": key}) as answer:
            await answer.read()
            result.statuses.append(answer.status)
        result.latencies.append(time.perf_counter() - started)
        if answer.status == 200:
            result.texts.append(text)


async def _crowd(url: str, phones: int, notes: int, cells: list[dict]) -> CrowdResult:
    result = CrowdResult()
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=phones)) as client:
        await asyncio.gather(*(_phone(client, url, p, notes, cells[p % len(cells)], result) for p in range(phones)))
    return result


def crowd(url: str, phones: int, notes: int, cells: list[dict]) -> CrowdResult:
    """Runs the crowd to its end (call it on a thread other than the board's); cells are
    {"stage": id, "lane": id} of the board's cells."""
    return asyncio.run(_crowd(url, phones, notes, cells))


def note_cells(doc) -> list[dict]:
    """Every cell of the board's note lanes, as the crowd's phones name them."""
    return [{"stage": s.id, "lane": lane.id} for s in doc.stages() for lane in doc.lanes() if lane.kind == "notes"]


if __name__ == "__main__":
    # python -m tests.room.crowd URL PHONES NOTES CELLS_JSON: the crowd in a process of its own
    # (as phones are), its result as JSON on stdout.
    outcome = crowd(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4]))
    print(json.dumps({"statuses": outcome.statuses, "latencies": outcome.latencies, "texts": outcome.texts}))
