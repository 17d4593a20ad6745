#!/usr/bin/env python3
"""A local stand-in for one shop's Shopify Admin GraphQL API, for the import benchmark.

Serves POST /admin/api/<version>/graphql.json: the `orders` connection (first, after, query
"updated_at:>='…'", sortKey UPDATED_AT) over ORDERS generated orders, each projected onto the
fields the query selects. Paced as Shopify documents its calculated query cost:

  - a query's requested cost is computed from the query before it runs: scalars and enums 0,
    objects 1, connections 2 + first × the cost of one node, lists of objects sized by `first`
    as first × the cost of one element (pageInfo costs nothing);
  - a query whose requested cost exceeds 1,000 points is refused (MAX_COST_EXCEEDED);
  - the bucket (maximumAvailable, refilled at restoreRate points a second, a leaky bucket) must
    hold the requested cost, which is taken before the query runs; otherwise the answer is
    THROTTLED (HTTP 200, errors[].extensions.code "THROTTLED", actualQueryCost null);
  - after the query the difference to its actual cost (the same rules over what was returned)
    is given back, and every answer carries extensions.cost with the bucket's level.

GET /stats answers what was served. Loopback only; stops by itself after --max-seconds.

Usage: shopify_graphql_emulator.py --port 8499 --orders 50000 --bucket 20000 --restore 1000
"""
import argparse
import base64
import json
import re
import sys
import threading
import time
from bisect import bisect_left
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_QUERY_COST = 1000


# ---------------------------------------------------------------------------- query parsing

TOKEN = re.compile(r'\s*(?:(\.\.\.)|([A-Za-z_][A-Za-z0-9_]*)|(\$[A-Za-z_][A-Za-z0-9_]*)|'
                   r'("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([{}():,!\[\]=@]))')


def tokens(text):
    text = re.sub(r"#[^\n]*", "", text)
    pos, out = 0, []
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError("cannot read the query at %d" % pos)
        out.append(next(g for g in m.groups() if g is not None))
        pos = m.end()
    return out


class Field:
    def __init__(self, name, args, selection):
        self.name, self.args, self.selection = name, args, selection


def parse(text):
    toks = tokens(text)
    i = 0
    # query Name($a: T, …) { … }  or  { … }
    if toks[i] in ("query",):
        i += 1
        if toks[i] not in ("{", "("):
            i += 1
        if toks[i] == "(":
            depth = 0
            while True:
                depth += toks[i] == "("
                depth -= toks[i] == ")"
                i += 1
                if depth == 0:
                    break
    selection, i = parse_selection(toks, i)
    return selection


def parse_selection(toks, i):
    assert toks[i] == "{", toks[i]
    i += 1
    fields = []
    while toks[i] != "}":
        name = toks[i]
        i += 1
        args = {}
        if toks[i] == "(":
            i += 1
            while toks[i] != ")":
                key = toks[i]
                assert toks[i + 1] == ":"
                args[key] = toks[i + 2]
                i += 3
                if toks[i] == ",":
                    i += 1
            i += 1
        sub = None
        if toks[i] == "{":
            sub, i = parse_selection(toks, i)
        fields.append(Field(name, args, sub))
    return fields, i + 1


def value(raw, variables):
    if raw.startswith("$"):
        return variables.get(raw[1:])
    if raw.startswith('"'):
        return json.loads(raw)
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    return raw


def is_connection(field):
    return field.selection is not None and any(
        f.name in ("nodes", "edges") for f in field.selection)


# ---------------------------------------------------------------------------- cost

def requested_cost(fields, variables):
    total = 0
    for f in fields:
        if f.selection is None:
            continue
        if f.name == "pageInfo":
            continue
        first = value(f.args["first"], variables) if "first" in f.args else None
        if is_connection(f):
            total += 2 + (first or 0) * node_cost(f, variables)
        elif first is not None:
            total += first * (1 + requested_cost(f.selection, variables))
        else:
            total += 1 + requested_cost(f.selection, variables)
    return total


def node_cost(connection, variables):
    cost = 0
    for f in connection.selection:
        if f.name == "nodes":
            cost = max(cost, 1 + requested_cost(f.selection, variables))
        elif f.name == "edges":
            node = next((x for x in f.selection if x.name == "node"), None)
            if node is not None:
                cost = max(cost, 1 + requested_cost(node.selection, variables))
    return cost


def actual_cost(fields, data):
    """The same rules over what was returned: null objects and missing elements cost nothing."""
    total = 0
    if data is None:
        return 0
    for f in fields:
        if f.selection is None or f.name == "pageInfo":
            continue
        v = data.get(f.name)
        if is_connection(f):
            nodes = (v or {}).get("nodes") or []
            sel = next(x for x in f.selection if x.name == "nodes").selection
            total += 2 + sum(1 + actual_cost(sel, n) for n in nodes)
        elif isinstance(v, list):
            total += sum(1 + actual_cost(f.selection, x) for x in v)
        elif v is not None:
            total += 1 + actual_cost(f.selection, v)
    return total


# ---------------------------------------------------------------------------- data

class Shop:
    COMPANIES = ("UPS", "USPS", "FedEx")
    STATUSES = ("IN_TRANSIT", "DELIVERED", "FULFILLED", "OUT_FOR_DELIVERY", "IN_TRANSIT")
    COUNTRIES = (("US", "KY", "40202", "Louisville"), ("US", "CA", "94103", "San Francisco"),
                 ("CA", "ON", "M5V 2T6", "Toronto"), ("DE", "BE", "10115", "Berlin"))

    def __init__(self, orders, days):
        self.count = orders
        now = datetime.now(timezone.utc).replace(microsecond=0)
        # Spread over the last `days` days, less an hour, so every order is inside the window.
        self.start = now - timedelta(days=days) + timedelta(hours=1)
        self.step = (timedelta(days=days) - timedelta(hours=2)) / max(1, orders)
        self.updated = [self.start + self.step * i for i in range(orders)]

    def order(self, i):
        updated = self.updated[i]
        ts = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
        country, region, zip_code, city = self.COUNTRIES[i % len(self.COUNTRIES)]
        items = []
        for k in range(1 + i % 3):
            items.append({
                "name": "Trail Runner %d - size %d" % (k + 1, 38 + (i + k) % 10),
                "title": "Trail Runner %d" % (k + 1), "sku": "TR%d-%d" % (k + 1, (i + k) % 10),
                "quantity": 1 + (i + k) % 2,
                "image": ({"url": "https://cdn.shopify.com/s/files/1/0000/0001/products/tr%d.png"
                                  % (k + 1)} if (i + k) % 3 else None)})
        fulfillments = []
        if i % 20 < 17:
            company = self.COMPANIES[i % 3]
            if company == "UPS":
                number = "1Z%06dE%010d" % (i % 1000000, 5000000000 + i)
            elif company == "USPS":
                number = "9400%018d" % (100000000000 + i)
            else:
                number = "%012d" % (700000000000 + i)
            fulfillments.append({
                "id": "gid://shopify/Fulfillment/%d" % (9000000000 + i), "name": "#%d.1" % (100000 + i),
                "status": "SUCCESS", "displayStatus": self.STATUSES[i % len(self.STATUSES)],
                "createdAt": ts(updated - timedelta(days=1)), "updatedAt": ts(updated),
                "trackingInfo": [{"number": number, "company": company, "url": None}]})
        return {
            "id": "gid://shopify/Order/%d" % (5000000000 + i), "name": "#%d" % (100000 + i),
            "email": "customer%d@bench.example.com" % i, "phone": None,
            "customerLocale": ("en", "en-CA", "fr", "de")[i % 4],
            "createdAt": ts(updated - timedelta(days=2)), "updatedAt": ts(updated),
            "cancelledAt": ts(updated) if i % 97 == 0 else None,
            "displayFulfillmentStatus": "FULFILLED" if fulfillments else "UNFULFILLED",
            "customer": {"firstName": "Customer", "lastName": str(i)},
            "shippingAddress": {"name": "Customer %d" % i, "firstName": "Customer", "lastName": str(i),
                                "address1": "%d Main Street" % (1 + i % 900), "address2": None,
                                "city": city, "province": region, "provinceCode": region,
                                "zip": zip_code, "countryCodeV2": country},
            "lineItems": {"nodes": items},
            "fulfillments": fulfillments,
        }


def project(fields, data, variables):
    if data is None:
        return None
    out = {}
    for f in fields:
        v = data.get(f.name)
        if f.selection is None:
            out[f.name] = v
        elif is_connection(f):
            first = value(f.args.get("first", "0"), variables)
            nodes = ((v or {}).get("nodes") or [])[:first]
            sel = next(x for x in f.selection if x.name == "nodes").selection
            out[f.name] = {"nodes": [project(sel, n, variables) for n in nodes]}
        elif isinstance(v, list):
            first = value(f.args["first"], variables) if "first" in f.args else len(v)
            out[f.name] = [project(f.selection, x, variables) for x in v[:first]]
        else:
            out[f.name] = project(f.selection, v, variables)
    return out


# ---------------------------------------------------------------------------- server

class Bucket:
    def __init__(self, maximum, rate):
        self.maximum, self.rate = float(maximum), float(rate)
        self.available, self.at = float(maximum), time.monotonic()
        self.lock = threading.Lock()

    def refill(self):
        now = time.monotonic()
        self.available = min(self.maximum, self.available + (now - self.at) * self.rate)
        self.at = now

    def status(self):
        return {"maximumAvailable": self.maximum, "currentlyAvailable": round(self.available),
                "restoreRate": self.rate}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = self.throttled = self.pages = self.orders = 0
        self.requested = self.actual = 0
        self.first_at = self.last_at = None

    def as_json(self):
        return {"requests": self.requests, "throttled": self.throttled, "pages": self.pages,
                "orders": self.orders, "requestedPoints": self.requested, "actualPoints": self.actual,
                "firstRequestAt": self.first_at, "lastAnswerAt": self.last_at}


def make_handler(shop, bucket, stats, token):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body):
            raw = json.dumps(body, separators=(",", ":")).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self):
            if self.path == "/stats":
                with stats.lock:
                    self.reply(200, stats.as_json())
            else:
                self.reply(404, {"errors": "Not Found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            if not re.fullmatch(r"/admin/api/\d{4}-\d{2}/graphql\.json", self.path):
                return self.reply(404, {"errors": "Not Found"})
            if token and self.headers.get("X-Shopify-Access-Token") != token:
                return self.reply(401, {"errors": "[API] Invalid API key or access token "
                                                  "(unrecognized login or wrong password)"})
            variables = body.get("variables") or {}
            fields = parse(body["query"])
            requested = requested_cost(fields, variables)
            with stats.lock:
                stats.requests += 1
                if stats.first_at is None:
                    stats.first_at = time.time()
            if requested > MAX_QUERY_COST:
                return self.reply(200, {
                    "errors": [{"message": "Query cost is %d, which exceeds the single query max "
                                           "cost limit (%d)." % (requested, MAX_QUERY_COST),
                                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": requested,
                                               "maxCost": MAX_QUERY_COST}}]})
            with bucket.lock:
                bucket.refill()
                if requested > bucket.available:
                    with stats.lock:
                        stats.throttled += 1
                    return self.reply(200, {
                        "errors": [{"message": "Throttled",
                                    "extensions": {"code": "THROTTLED",
                                                   "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                        "extensions": {"cost": {"requestedQueryCost": requested, "actualQueryCost": None,
                                                "throttleStatus": bucket.status()}}})
                bucket.available -= requested
            data = self.resolve(fields, variables)
            actual = actual_cost(fields, data)
            with bucket.lock:
                bucket.refill()
                bucket.available = min(bucket.maximum, bucket.available + requested - actual)
                status = bucket.status()
            with stats.lock:
                stats.pages += 1
                stats.orders += len(data["orders"]["nodes"])
                stats.requested += requested
                stats.actual += actual
                stats.last_at = time.time()
            self.reply(200, {"data": data, "extensions": {"cost": {
                "requestedQueryCost": requested, "actualQueryCost": actual,
                "throttleStatus": status}}})

        def resolve(self, fields, variables):
            out = {}
            for f in fields:
                if f.name != "orders":
                    out[f.name] = None
                    continue
                first = min(250, value(f.args.get("first", "0"), variables) or 0)
                after = value(f.args.get("after", "null"), variables) if "after" in f.args else None
                query = value(f.args.get("query", "null"), variables) if "query" in f.args else None
                start = 0
                m = re.search(r"updated_at:>=?'?([0-9T:\-]+Z)'?", query or "")
                if m:
                    since = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                    start = bisect_left(shop.updated, since)
                if after and after != "null":
                    start = max(start, int(base64.b64decode(after).decode().split(":")[1]) + 1)
                end = min(shop.count, start + first)
                nodes = [shop.order(i) for i in range(start, end)]
                node_fields = next(x for x in f.selection if x.name == "nodes").selection
                conn = {"nodes": [project(node_fields, n, variables) for n in nodes]}
                info = next((x for x in f.selection if x.name == "pageInfo"), None)
                if info is not None:
                    last = base64.b64encode(("last_index:%d" % (end - 1)).encode()).decode()
                    conn["pageInfo"] = {"hasNextPage": end < shop.count,
                                        "endCursor": last if nodes else None}
                out[f.name] = conn
            return out

    return Handler


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=8499)
    p.add_argument("--orders", type=int, default=50000)
    p.add_argument("--days", type=int, default=59)
    p.add_argument("--bucket", type=float, default=20000)
    p.add_argument("--restore", type=float, default=1000)
    p.add_argument("--token", default="")
    p.add_argument("--max-seconds", type=int, default=7200)
    a = p.parse_args()
    shop = Shop(a.orders, a.days)
    bucket, stats = Bucket(a.bucket, a.restore), Stats()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), make_handler(shop, bucket, stats, a.token))
    server.daemon_threads = True
    threading.Timer(a.max_seconds, server.shutdown).start()
    print("emulating %d orders on 127.0.0.1:%d, bucket %g, restore %g/s"
          % (a.orders, a.port, a.bucket, a.restore), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
