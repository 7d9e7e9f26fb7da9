"""make fuzz, imports: the payload shapes of issue 23 and seeded mutations of the fixtures.

    .venv/bin/python scripts/fuzz_imports.py http://127.0.0.1:PORT ACCESS_TOKEN

Every file is uploaded to the live server as the signed-in user (no answer may be a 5xx; a file
over the cap must be a 413), then every queued job is run in this process against the same
database, as the worker would (scripts/fuzz.sh keeps the broker unreachable): each job must end
done or failed, never raise, and nothing stored may keep a NUL or another control character.
Exits 1 on any failure. Kept apart from the schema fuzzing in scripts/fuzz.sh on purpose.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "apps" / "portability" / "tests" / "fixtures"
IMDB = b"Const,Your Rating,Title,Year,MAL ID\n"
LETTERBOXD = b"Date,Name,Year,Letterboxd URI,Rating\n"
SUP2 = "\u00b2".encode()
ARABIC3 = "\u0663".encode()


def mal(body: bytes, declaration: bytes = b'<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    return declaration + b"<myanimelist>\n" + body + b"\n</myanimelist>\n"


def anime(mal_id: bytes = b"5114", score: bytes = b"9", title: bytes = b"T") -> bytes:
    return (
        b"<anime><series_animedb_id>" + mal_id + b"</series_animedb_id><series_title>" + title
        + b"</series_title><my_score>" + score + b"</my_score></anime>"
    )  # fmt: skip


SHAPES: list[tuple[str, str, bytes]] = [
    ("imdb", "rating superscript two", IMDB + b"tt0111161," + SUP2 + b",A,,\n"),
    ("imdb", "year of superscripts", IMDB + b"tt0111161,9,A," + SUP2 * 4 + b",\n"),
    ("imdb", "MAL ID superscript", IMDB + b"tt0111161,9,A,," + SUP2 + b"\n"),
    ("imdb", "MAL ID past int32", IMDB + b"tt0111161,9,A,,99999999999\n"),
    ("imdb", "IMDb id in Arabic-Indic digits", IMDB + b"tt" + ARABIC3 * 7 + b",9,A,,\n"),
    ("imdb", "NUL and escapes in a title", IMDB + b"tt0111161,9,The\x00 Shaw\x1b[31mshank,1994,\n"),
    ("imdb", "100 columns", b"Const,Title," + b",".join(b"c%d" % i for i in range(100)) + b"\n"),
    ("imdb", "blank lines", IMDB + b"\n" * 50_000),
    ("imdb", "200 KB quoted cell", IMDB + b'tt0111161,9,"' + b"a" * 200_000 + b'",,\n'),
    ("imdb", "unclosed quote", IMDB + b'tt0111161,9,"A,,\n'),
    ("letterboxd", "rating 1e999999999", LETTERBOXD + b"2020-01-01,A,1999,u,1e999999999\n"),
    (
        "letterboxd",
        "rating Arabic-Indic three",
        LETTERBOXD + b"2020-01-01,A,1999,u," + ARABIC3 + b"\n",
    ),
    ("letterboxd", "rating NaN", LETTERBOXD + b"2020-01-01,A,1999,u,NaN\n"),
    ("letterboxd", "rating Infinity", LETTERBOXD + b"2020-01-01,A,1999,u,Infinity\n"),
    ("letterboxd", "NUL in a name", LETTERBOXD + b"2020-01-01,Fa\x00rgo,1996,u,4\n"),
    ("mal", "id superscript two", mal(anime(mal_id=SUP2))),
    ("mal", "score superscript two", mal(anime(score=SUP2))),
    ("mal", "encoding bogus-enc", mal(anime(), b'<?xml version="1.0" encoding="bogus-enc"?>\n')),
    ("mal", "encoding shift_jis", mal(anime(), b'<?xml version="1.0" encoding="shift_jis"?>\n')),
    ("mal", "UTF-16", mal(anime()).decode().encode("utf-16")),
    ("mal", "NUL byte", mal(anime(title=b"T\x00"))),
    ("mal", "C1 control in CDATA", mal(anime(title="<![CDATA[A\u0085B]]>".encode()))),
    ("mal", "entity expansion", b'<!DOCTYPE m [<!ENTITY a "aaaa">]><myanimelist>&a;</myanimelist>'),
    (
        "mal",
        "external entity",
        b'<!DOCTYPE m [<!ENTITY e SYSTEM "file:///etc/passwd">]><myanimelist>&e;</myanimelist>',
    ),
    (
        "mal",
        "spaced start tags",
        mal(
            b"<anime >\n<series_animedb_id>1</series_animedb_id>\n<my_score>5</my_score></anime >"
            * 3000
        ),
    ),
    ("mal", "300 element names", mal(b"".join(b"<a%d/>" % i for i in range(300)))),
    (
        "mal",
        "60 000 attributes",
        mal(b"<anime" + b"".join(b" a%d=''" % i for i in range(60_000)) + b"/>"),
    ),
    ("mal", "nested 100 000 deep", mal(b"<x>" * 100_000 + b"</x>" * 100_000)),
    ("mal", "truncated", mal(anime())[:-30]),
    ("imdb", "PNG", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    ("mal", "zip", b"PK\x03\x04" + bytes(range(256)) * 4),
    ("letterboxd", "an IMDb file", IMDB + b"tt0111161,9,A,,\n"),
    ("mal", "a CSV", IMDB + b"tt0111161,9,A,,\n"),
]
INSERTS = [
    b"\x00",
    SUP2,
    ARABIC3,
    b"<",
    b"&",
    b'"',
    b",",
    b"\n",
    b"\r",
    b"\xff",
    b"&#0;",
    b"]]>",
    b"1e9999",
]


def mutations(seed: int = 23, per_file: int = 15) -> list[tuple[str, str, bytes]]:
    """Seeded insertions of troublesome bytes into the real fixtures."""
    rng = random.Random(seed)  # noqa: S311 (reproducible fuzzing, not secrets)
    out = []
    for path in sorted(FIXTURES.glob("*.*")):
        fmt = path.name.split("_")[0]
        if fmt not in ("imdb", "letterboxd", "mal"):
            continue
        data = path.read_bytes()
        for n in range(per_file):
            mutated = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(len(mutated))
                mutated[at:at] = rng.choice(INSERTS)
            out.append((fmt, f"{path.name} mutation {n}", bytes(mutated)))
    return out


def upload(base: str, token: str, fmt: str, data: bytes) -> tuple[int, dict]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\n{fmt}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(  # noqa: S310 (our own server on 127.0.0.1)
        f"{base}/api/user/imports",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, {"raw": raw[:200].decode(errors="replace")}


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def run_jobs(job_ids: list[int]) -> list[str]:
    """Run each queued job as the worker would; the problems found."""
    from apps.portability import services
    from apps.portability.models import ImportJob

    problems = []
    for job_id in job_ids:
        try:
            job = services.import_run(job_id=job_id)
        except Exception as exc:  # any exception is a finding
            problems.append(f"job {job_id}: the task raised {exc!r}")
            continue
        job = ImportJob.objects.get(pk=job_id)
        stored = json.dumps([job.unmatched, job.counts, job.error], ensure_ascii=False)
        if job.status not in ("done", "failed"):
            problems.append(f"job {job_id}: status {job.status}")
        if CONTROL.search(stored) or "\\u0000" in stored:
            problems.append(f"job {job_id}: a control character was stored")
        if bytes(job.data):
            problems.append(f"job {job_id}: the file was kept after the import finished")
    return problems


def main(base: str, token: str) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    problems, queued = [], []
    cases = [*SHAPES, *mutations()]
    cases.append(("imdb", "one byte over the cap", IMDB + b"x" * settings.IMPORT_MAX_BYTES))
    for fmt, name, data in cases:
        status, body = upload(base, token, fmt, data)
        if status >= 500:
            problems.append(f"{fmt} {name}: {status} {body}")
        elif name == "one byte over the cap" and status != 413:
            problems.append(f"{fmt} {name}: {status}, expected 413")
        elif status == 202:
            queued.append(body["id"])
    problems += run_jobs(queued)
    sys.stdout.write(f"== imports: {len(cases)} files uploaded, {len(queued)} jobs run\n")
    sys.stdout.writelines(f"FAIL {problem}\n" for problem in problems)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
