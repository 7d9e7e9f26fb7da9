"""The `id` path converter: a database id, range-checked before any query runs.

Django's `int` converter accepts any number of digits, so an id beyond the database's integer
range reached the ORM and failed there (a 500). `<id:name>` matches 1-10 digits and rejects
values above 2**31 - 1 (PostgreSQL's `integer`, the smallest id column we have), so such a URL
does not resolve: a 404 in the error shape. Every id in a URL uses this converter
(docs/architecture.md, "Input ranges").
"""

from __future__ import annotations

MAX_ID = 2**31 - 1


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is beyond the id range")  # Django: no match, 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))
