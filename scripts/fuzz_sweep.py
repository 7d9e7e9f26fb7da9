"""make fuzz, deterministic pass: every method of every path in the OpenAPI schema, as each role.

schemathesis samples, and under FUZZ_EXAMPLES / FUZZ_MAX_TIME it may never reach an operation
(OPTIONS on two admin views answered 500 at 30 examples, unseen at 10). This sweep reaches all
of them whatever those are: per operation and role it sends one valid-ish request (the schema's
own example, else the smallest values its types allow), one hostile request per number shape of
apps/core/tests/hostile.py (every parameter and body field at once, nested objects included;
also raw JSON numbers too large for a float or a 64-bit integer), and OPTIONS on every path.
Any 5xx, or an operation that was not reached, fails the run.

    python scripts/fuzz_sweep.py BASE_URL USER_TOKEN STAFF_TOKEN
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from apps.core.tests.hostile import HOSTILE_NUMBERS, shape_id

RAW = "__fuzz_raw_number__"  # replaced in the encoded body by a bare JSON number literal
RAW_NUMBERS = ("1e9999", "9" * 30)
METHODS = ("get", "post", "put", "patch", "delete")
PATH_VALUES = {"language": "te", "genre": "drama", "slug": "fuzz", "code": "te"}
TIMEOUT = 30


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "oneOf", "anyOf"):
        if schema.get(key):
            return _resolve(schema[key][0], spec)
    return schema


def valid(schema: dict[str, Any], spec: dict[str, Any], depth: int = 0) -> Any:
    """The smallest value the schema describes (its example or first choice where it has one)."""
    schema = _resolve(schema, spec)
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        if depth > 3:
            return {}
        props = schema.get("properties", {})
        return {
            k: valid(props[k], spec, depth + 1) for k in schema.get("required", []) if k in props
        }
    if kind == "array":
        return [valid(schema.get("items", {}), spec, depth + 1)]
    if kind in ("integer", "number"):
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "boolean":
        return False
    return {
        "date": "2026-01-01",
        "date-time": "2026-01-01T00:00:00Z",
        "email": "fuzz@example.com",
    }.get(schema.get("format", ""), "fuzz")


def hostile(schema: dict[str, Any], spec: dict[str, Any], shape: str, depth: int = 0) -> Any:
    """Every leaf the schema describes set to `shape`, objects and arrays kept as such."""
    schema = _resolve(schema, spec)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if kind == "object" and depth <= 3:
        props = schema.get("properties", {})
        return {
            k: hostile(v, spec, shape, depth + 1) for k, v in props.items() if not v.get("readOnly")
        }
    if kind == "array" and depth <= 3:
        return [hostile(schema.get("items", {}), spec, shape, depth + 1)]
    return shape


class Sweep:
    def __init__(self, base: str, spec: dict[str, Any]) -> None:
        self.base, self.spec = base.rstrip("/"), spec
        self.statuses: Counter[int] = Counter()
        self.errors: list[str] = []
        self.reached: set[tuple[str, str, str]] = set()

    def send(self, session: requests.Session, method: str, url: str, **kwargs: Any) -> None:
        label = f"{method.upper()} {url[len(self.base) :]}"
        try:
            response = session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as error:
            self.errors.append(f"{label}: no answer ({error.__class__.__name__})")
            return
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            data = kwargs.get("data")
            sent = (data.decode() if isinstance(data, bytes) else str(kwargs.get("params", "")))[
                :160
            ]
            self.errors.append(f"{label} -> {response.status_code} {sent}")

    def url(self, path: str, params: list[dict[str, Any]], shape: str | None) -> str:
        for param in params:
            if param["in"] == "path":
                value = shape if shape is not None else PATH_VALUES.get(param["name"], "1")
                path = path.replace("{" + param["name"] + "}", quote(str(value), safe=""))
        return self.base + path

    def operation(self, session: requests.Session, role: str, path: str, method: str) -> None:
        op = self.spec["paths"][path][method]
        params = op.get("parameters", [])
        content = op.get("requestBody", {}).get("content", {})
        media = next(iter(content), None)
        body_schema = content.get(media, {}).get("schema", {}) if media else {}
        examples = (
            [e["value"] for e in content.get(media, {}).get("examples", {}).values()]
            if media
            else []
        )
        query = {
            p["name"]: valid(p.get("schema", {}), self.spec)
            for p in params
            if p["in"] == "query" and p.get("required")
        }
        body = examples[0] if examples else valid(body_schema, self.spec) if media else None
        self.send(
            session, method, self.url(path, params, None), params=query, **self.body(media, body)
        )
        cases = [(shape, None) for shape in HOSTILE_NUMBERS] + [(RAW, raw) for raw in RAW_NUMBERS]
        for shape, raw in cases:
            text = raw or shape
            query = {p["name"]: text for p in params if p["in"] == "query"}
            body = hostile(body_schema, self.spec, shape) if media else None
            kwargs = self.body(media, body, raw)
            self.send(session, method, self.url(path, params, text), params=query, **kwargs)
        self.reached.add((role, method, path))

    @staticmethod
    def body(media: str | None, body: Any, raw: str | None = None) -> dict[str, Any]:
        if media is None:
            return {}
        if media == "application/json":
            text = json.dumps(body, ensure_ascii=False)
            if raw is not None:
                text = text.replace(json.dumps(RAW), raw)
            return {"data": text.encode(), "headers": {"Content-Type": "application/json"}}
        fields = body if isinstance(body, dict) else {}
        return {"files": {k: ("fuzz.csv", str(v).encode()) for k, v in fields.items()}}

    def run(self, role: str, token: str | None) -> None:
        session = requests.Session()
        if token:
            session.headers["Authorization"] = f"Bearer {token}"
        before = sum(self.statuses.values())
        for path, ops in self.spec["paths"].items():
            for method in (m for m in METHODS if m in ops):
                self.operation(session, role, path, method)
            params = next(iter(ops.values())).get("parameters", [])
            self.send(session, "options", self.url(path, params, None))
        done = len([r for r in self.reached if r[0] == role])
        say(
            f"== sweep as {role}: {done} operations, {sum(self.statuses.values()) - before} requests"
        )


def main() -> int:
    base, user_token, staff_token = sys.argv[1:4]
    session = requests.Session()
    spec = session.get(f"{base}/api/schema/?format=json", timeout=TIMEOUT).json()
    sweep = Sweep(base, spec)
    roles = {"anonymous": None, "user": user_token, "staff": staff_token}
    for role, token in roles.items():
        sweep.run(role, token)
    expected = {
        (r, m, p) for r in roles for p, ops in spec["paths"].items() for m in METHODS if m in ops
    }
    missing = sorted(expected - sweep.reached)
    say(
        f"== sweep: {len(sweep.reached)}/{len(expected)} operation x role pairs reached; "
        f"statuses {dict(sorted(sweep.statuses.items()))}; shapes {[shape_id(s) for s in HOSTILE_NUMBERS]} + raw {list(RAW_NUMBERS)}"
    )
    for line in [*sweep.errors, *(f"not reached: {m}" for m in missing)]:
        say(line)
    return 1 if sweep.errors or missing or not expected else 0


if __name__ == "__main__":
    sys.exit(main())
