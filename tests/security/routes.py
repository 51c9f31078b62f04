"""Every route of the URLconf as a concrete sample URL, so no new route escapes a test."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

SAMPLE_UUID = str(uuid.UUID(int=0x5EC0_0000_0000_4000_8000_0000_0000_0001))
# Tried in order for regex groups and unknown converters; the first that fits wins.
CANDIDATES = ["1", SAMPLE_UUID, "refundable", "eligibility", "auth", "x"]


@dataclass(frozen=True)
class Route:
    url: str
    name: str  # "namespace:name", or the route itself when unnamed
    callback: object


def _route_sample(route: str, values: dict[str, str]) -> str:
    def substitute(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if name in values:
            return values[name]
        if converter == "uuid":
            return SAMPLE_UUID
        if converter == "int":
            return "1"
        return "x"

    return re.sub(r"<(?:(\w+):)?(\w+)>", substitute, route)


def _group_end(regex: str, start: int) -> int:
    """Return the index just past the parenthesised group opening at start."""
    depth = 0
    index = start
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(f"unbalanced group in {regex!r}")


def _regex_sample(regex: str, values: dict[str, str]) -> str:
    regex = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    out = []
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and index + 1 < len(regex):
            out.append(regex[index + 1])
            index += 2
        elif char == "(":
            end = _group_end(regex, index)
            group = regex[index:end]
            named = re.match(r"\(\?P<(\w+)>", group)
            body = group[named.end() : -1] if named else group[1:-1].removeprefix("?:")
            if named and named.group(1) in values:
                out.append(values[named.group(1)])
            else:
                fits = [c for c in CANDIDATES if re.fullmatch(body, c)]
                out.append(fits[0] if fits else "x")
            index = end
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _sample(pattern, values: dict[str, str]) -> str:
    if isinstance(pattern, RoutePattern):
        return _route_sample(str(pattern), values)
    if isinstance(pattern, RegexPattern):
        return _regex_sample(pattern.regex.pattern, values)
    raise TypeError(f"unknown pattern type {type(pattern)}")


def all_routes(values: dict[str, str] | None = None) -> tuple[list[Route], list[str]]:
    """Return a sample URL for every route, and the routes no sample URL resolves to.

    values maps URL parameter names (slug, case_id, stage …) to the values to use.
    """
    values = values or {}
    routes, unreachable = [], []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            sample = prefix + _sample(entry.pattern, values)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, sample, inner)
                continue
            assert isinstance(entry, URLPattern)
            name = f"{namespace}{entry.name}" if entry.name else sample
            url = "/" + sample
            try:
                match = resolve(url)
            except Resolver404:
                unreachable.append(f"{name}: {url}")
                continue
            if match.func != entry.callback and match.route != str(entry.pattern):
                # Shadowed by an earlier route with the same sample: still reachable
                # through that route's own test, note it rather than test twice.
                unreachable.append(f"{name}: {url} resolves to {match.view_name}")
                continue
            routes.append(Route(url=url, name=name, callback=entry.callback))

    walk(get_resolver().url_patterns, "", "")
    return routes, unreachable


STAGES = ["eligibility", "evidence", "negotiation", "appeal", "escalation"]
CASE_PARAMS = ("case_id", "case_pk", "case", "pk", "id", "uuid")


def routes_for_case(
    case_id, *, item_id=None, children: dict[str, str] | None = None, prefix: str = "/cases/"
) -> list[Route]:
    """Return every route under prefix, with the case's id, its children's ids and each stage.

    children maps URL parameters of child records (attempt_id, appeal_id …) to the
    ids of real rows of this case, as tests.case_records.add_children returns them.
    """
    seen: dict[str, Route] = {}
    for stage in STAGES:
        values = {name: str(case_id) for name in CASE_PARAMS} | {"stage": stage}
        if item_id is not None:
            values |= {"item_id": str(item_id), "evidence_id": str(item_id)}
        values |= {name: str(value) for name, value in (children or {}).items()}
        routes, unreachable = all_routes(values)
        assert not unreachable, f"routes no sample URL reaches: {unreachable}"
        for route in routes:
            if route.url.startswith(prefix):
                seen.setdefault(route.url, route)
    return list(seen.values())


def case_child_params(prefix: str = "cases/") -> set[str]:
    """Return the URL parameters, other than the case's id, of the routes under prefix."""
    params: set[str] = set()

    def walk(patterns, path: str) -> None:
        for entry in patterns:
            here = path + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, here)
            elif here.startswith(prefix):
                params.update(re.findall(r"<(?:\w+:)?(\w+)>", here))

    walk(get_resolver().url_patterns, "")
    return params - set(CASE_PARAMS) - {"stage"}
