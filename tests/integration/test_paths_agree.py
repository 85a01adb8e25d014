"""Both paths agree (issue 4): every read endpoint answers the same `data` from the views
(the default) as computed from the orders (`cache=bypass`), apart from `lastUpdated`.

A random shop per run (seed printed; PACKPROD_SEED=N repeats one) is imported over HTTP
for several clients with their own time zones and thresholds: every status, updates
that move orders across statuses, contacts, products and local midnights, deletes,
identical re-posts, equal timestamps, instants right at Sydney's (and Auckland's) local
midnights and daylight-saving changes. Once the views have caught up
(`consistent=true`), each endpoint is asked with a spread of parameters on both paths,
lists are walked page by page on both, and every difference is printed. The default
requests must say `meta.source: "cache"` and the bypass ones `"orders"` (the orders
endpoints read the orders on both)."""
import datetime as dt
import json
import os
import random
import time
import urllib.parse
from zoneinfo import ZoneInfo

from harness import Shop, check, main

SEED = int(os.environ.get("PACKPROD_SEED") or random.SystemRandom().randrange(1, 1 << 31))
R = random.Random(SEED)
UTC = dt.timezone.utc
NOW = dt.datetime.now(UTC).replace(microsecond=0)
STATUSES = ["pending", "processing", "on-hold", "paid", "shipped", "completed", "cancelled",
            "refunded", "failed"]
STATUS_WEIGHTS = [4, 6, 4, 8, 8, 40, 10, 8, 8]
SHOW = 40  # data mismatches printed per endpoint family (the count is always given)

SHOP = Shop("acme")  # Australia/Sydney and default thresholds
MISMATCHES: dict[str, list[str]] = {}
SOURCES: dict[str, list[str]] = {}  # route -> requests whose meta.source was wrong
ALLOWED_FALLBACK: dict[str, int] = {}  # route -> default answers from the orders, allowed
STARTED = time.monotonic()


class Client:
    def __init__(self, name: str, tz: str, key: str):
        self.name, self.tz, self.key = name, ZoneInfo(tz), key
        self.orders: dict[str, dict] = {}   # orderReference -> body as last posted
        self.order_ids: dict[str, str] = {}  # orderReference -> orderID
        self.emails: list[str] = []
        self.codes: list[str] = []


def add_client(name: str, tz: str, *settings: str) -> Client:
    SHOP.cli("clients", "create", "--client", name, "--timezone", tz, *settings)
    key = SHOP.cli("keys", "create", "--client", name, "--role", "admin").stdout.strip() \
        .splitlines()[-1]
    return Client(name, tz, key)


# ---------------------------------------------------------------- the data set

def ms(t: dt.datetime) -> int:
    return int(t.timestamp() * 1000)


def from_ms(m: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(m / 1000, UTC)


def local_midnight(tz: ZoneInfo, d: dt.date) -> int:
    return ms(dt.datetime(d.year, d.month, d.day, tzinfo=tz))


def edge_instants(tz: ZoneInfo) -> list[int]:
    """Instants at and around local midnights that matter: the days around each
    daylight-saving change, month starts, Mondays; and the changes themselves."""
    out = []
    start = (NOW - dt.timedelta(days=800)).date()
    days = [start + dt.timedelta(days=i) for i in range(801)]
    noon = lambda d: dt.datetime(d.year, d.month, d.day, 12, tzinfo=tz).utcoffset()  # noqa: E731
    special = set()
    for a, b in zip(days, days[1:]):
        if noon(a) != noon(b):  # a change happened early on b
            special.update({a, b, b + dt.timedelta(days=1)})
            t = local_midnight(tz, b)
            for h in range(6 * 4):  # find the changing instant within the first hours
                if from_ms(t + h * 900_000).astimezone(tz).utcoffset() != noon(a):
                    change = t + h * 900_000
                    out += [change - 1, change, change + 1, change - 1_800_000,
                            change + 1_800_000]
                    break
        if b.day == 1 or b.weekday() == 0:
            special.add(b)
    for d in special:
        m = local_midnight(tz, d)
        out += [m - 1, m, m + 1, m - 1000, m + 999, m + 3_600_000 - 1]
    return [t for t in out if t <= ms(NOW)]


def created_at(t: int, tz: ZoneInfo) -> str:
    """One instant in one of several RFC 3339 spellings."""
    when = from_ms(t)
    form = R.random()
    if form < 0.5:
        zone, suffix = UTC, "Z"
    elif form < 0.85:
        zone, suffix = tz, None
    else:
        zone, suffix = dt.timezone(dt.timedelta(hours=-5, minutes=-30)), None
    local = when.astimezone(zone)
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if t % 1000:
        text += ".%03d" % (t % 1000)
    if suffix:
        return text + suffix
    off = local.utcoffset()
    sign = "-" if off < dt.timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return text + "%s%02d:%02d" % (sign, minutes // 60, minutes % 60)


def money(cents: int):
    """A JSON number or one of the accepted money strings."""
    whole, frac = divmod(cents, 100)
    plain = "%d.%02d" % (whole, frac)
    grouped = "{:,}".format(whole) + ".%02d" % frac
    return R.choice([cents / 100, cents / 100, plain, grouped, "$" + plain, "A$" + grouped,
                     "AUD " + plain, "AUD" + plain, str(whole) if frac == 0 else plain])


NAMES = ["Olivia Smith", "Jack Brown", "ZOË Wilson", "Mia Nguyen", "Noah Taylor", "Ava Lee",
         "Liam O'Brien", "Chloé Martin", "Oscar White", "Isla Walker", "Leo Harris",
         "Grace Thompson", "Ethan King", "Ruby Scott", "Lucas Green", "Émilie Durand"]
COMPANIES = [None, None, "Acme Packaging", "Kookaburra Print", "Bäckerei Müller",
             "Harbour Apparel Pty Ltd", "tide & co"]
PRODUCTS = ["Kraft Box", "KRAFT box small", "Poly Mailer", "Bubble Wrap", "Bäg Resealable",
            "Tape Clear", "Void Fill", "Edge Protector", "Pallet Wrap", "Label Roll"]


def make_contacts(c: Client, n: int) -> None:
    for i in range(n):
        first = NAMES[i % len(NAMES)].split()[0].lower()
        c.emails.append("%s.%d@%s.example" % (first, i, R.choice(["mail", "shop", "inbox"])))


def make_order(c: Client, ref: str, t: int) -> dict:
    email = R.choice(c.emails)
    i = c.emails.index(email)
    spelled = R.choice([email, email, email.upper(), "  %s " % email.title()])
    customer = {"email": spelled}
    if R.random() < 0.85:
        customer["name"] = NAMES[i % len(NAMES)] if R.random() < 0.8 else R.choice(NAMES)
    if R.random() < 0.5:
        customer["company"] = R.choice(COMPANIES)
    if R.random() < 0.3:
        customer["phone"] = "04%08d" % R.randrange(10**8)
    status = R.choices(STATUSES, STATUS_WEIGHTS)[0]
    items, lines = [], 0
    for _ in range(R.choice([0, 1, 1, 2, 2, 3, 4])):
        code = R.choice(c.codes)
        if R.random() < 0.1 and items:
            code = items[0]["code"]  # the same code twice in one order
        if status in ("cancelled", "refunded", "failed") and R.random() < 0.3:
            code = "NC-%d" % R.randrange(3)  # codes seen mostly in orders that do not count
        qty = R.choice([1, 2, 5, 10, 25, 100, 250])
        unit = R.randrange(5, 20000)
        item = {"code": code, "quantity": qty}
        if R.random() < 0.9:
            item["name"] = "%s %s" % (PRODUCTS[int(code.split("-")[1]) % len(PRODUCTS)],
                                      R.choice(["", "v2", "(new)"]))
        line = qty * unit
        r = R.random()
        if r < 0.15:
            item["lineTotal"] = money(line)  # no unitPrice: derived for display
        else:
            item["unitPrice"] = money(unit)
            if r < 0.45:
                item["lineTotal"] = money(line)
            elif r < 0.55:
                line += R.choice([-1, 1, 100])  # differs: a warning, lineTotal counts
                item["lineTotal"] = money(line)
        items.append(item)
        lines += line
    shipping = R.choice([0, 995, 1500])
    total = lines + shipping
    if R.random() < 0.1 or not items:
        total = R.choice([R.randrange(100, 50000), R.randrange(300000, 900000)])
    o = {"orderReference": ref, "createdAt": created_at(t, c.tz),
         "status": R.choice([status, status, status.upper(), status.title()]),
         "customer": customer, "total": money(total)}
    if items:
        o["items"] = items
    if R.random() < 0.5:
        o["subtotal"] = money(lines)
        o["shipping"] = money(shipping)
    if R.random() < 0.3:
        o["tax"] = money(total // 11)
    if R.random() < 0.2:
        o["source"] = R.choice(["email", "web"])
    return o


def post(c: Client, orders: list[dict]) -> None:
    for i in range(0, len(orders), 250):
        batch = orders[i:i + 250]
        status, doc, _ = SHOP.request("POST", "/admin/contacts/import", {"orders": batch},
                                      key=c.key)
        check(status == 200, "%s import: %s %s" % (c.name, status, doc))
        for o, r in zip(batch, doc["data"]["results"]):
            c.orders[o["orderReference"]] = o
            c.order_ids[o["orderReference"]] = r["orderID"]


def build(c: Client, n_orders: int, n_contacts: int, n_codes: int) -> None:
    make_contacts(c, n_contacts)
    c.codes = ["P-%02d" % i for i in range(n_codes)]
    edges = edge_instants(c.tz)
    now = ms(NOW)
    times = []
    for _ in range(n_orders):
        r = R.random()
        if r < 0.35:
            times.append(R.choice(edges))
        elif r < 0.5:
            times.append(now - R.randrange(40 * 86_400_000))
        else:
            times.append(now - R.randrange(900 * 86_400_000))
    for _ in range(n_orders // 20):  # equal timestamps
        t = R.choice(times)
        for _ in range(R.randrange(1, 4)):
            times[R.randrange(len(times))] = t
    orders = [make_order(c, "R-%05d" % i, t) for i, t in enumerate(times)]
    for _ in range(n_orders // 25):  # the same instant for one contact's orders
        a, b = R.sample(orders, 2)
        b["createdAt"], b["customer"]["email"] = a["createdAt"], a["customer"]["email"]
    R.shuffle(orders)
    post(c, orders)

    # Updates: status, amounts, items, time (across midnights), contact.
    changed = []
    for ref in R.sample(sorted(c.orders), n_orders // 6):
        o = dict(c.orders[ref])
        r = R.random()
        if r < 0.35:
            o["status"] = R.choice(STATUSES)
        elif r < 0.5:
            o["total"] = money(R.randrange(100, 700000))
        elif r < 0.65:
            o = make_order(c, ref, R.choice(edges))
        elif r < 0.8:
            t = R.choice(edges) + R.choice([-1, 1, -86_400_000])
            o["createdAt"] = created_at(t, c.tz)
        else:
            o["customer"] = dict(o["customer"], email=R.choice(c.emails))
        changed.append(o)
    post(c, changed)
    # Identical re-posts (unchanged), and one more round of status flips.
    post(c, [c.orders[r] for r in R.sample(sorted(c.orders), n_orders // 20)])
    flips = [dict(c.orders[r], status=R.choice(["cancelled", "completed", "refunded"]))
             for r in R.sample(sorted(c.orders), n_orders // 20)]
    post(c, flips)
    # Deletes; a few deleted orders come back.
    gone = R.sample(sorted(c.orders), n_orders // 12)
    for ref in gone:
        status, doc, _ = SHOP.request("DELETE", "/admin/orders/" + c.order_ids[ref], key=c.key)
        check(status == 200, "%s delete %s: %s %s" % (c.name, ref, status, doc))
    post(c, [c.orders[r] for r in gone[:3]])
    # A contact whose only orders do not count.
    post(c, [dict(make_order(c, "R-ZERO-%d" % i, ms(NOW) - 86_400_000 * i), status="failed",
                  customer={"email": "zero.orders@nowhere.example", "name": "Zed Zero"})
             for i in range(2)])


def wait_for_views(c: Client) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, doc, _ = SHOP.request("GET", "/api/customers?consistent=true&limit=1", key=c.key)
        if status == 200 and doc["meta"]["source"] == "cache":
            return
        time.sleep(0.2)
    print("   %s: the views did not catch up within 30 s (consistent=true kept answering "
          "from the orders)" % c.name)


# ---------------------------------------------------------------- comparing

def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k != "lastUpdated"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def diff(a, b, path="", out=None, limit=5) -> list[str]:
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        if a != b:
            out.append("%s: %r (views) != %r (orders)" % (path or "/", a, b))
    elif type(a) is not type(b):
        out.append("%s: %s (views) != %s (orders)" % (path or "/", short(a), short(b)))
    elif isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in b:
                out.append("%s/%s: only in views (%s)" % (path, k, short(a[k])))
            elif k not in a:
                out.append("%s/%s: only in orders (%s)" % (path, k, short(b[k])))
            else:
                diff(a[k], b[k], "%s/%s" % (path, k), out, limit)
            if len(out) >= limit:
                break
    elif isinstance(a, list):
        if len(a) == len(b) and a != b and sorted(map(short_key, a)) == sorted(map(short_key, b)):
            out.append("%s: the same %d items in another order: %s (views) / %s (orders)" % (
                path or "/", len(a), [ident(x) for x in a][:12], [ident(x) for x in b][:12]))
            return out
        if len(a) != len(b):
            out.append("%s: %d items (views) != %d (orders)" % (path or "/", len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s/%d" % (path, i), out, limit)
            if len(out) >= limit:
                break
    elif a != b:
        out.append("%s: %s (views) != %s (orders)" % (path or "/", short(a), short(b)))
    return out


def short_key(v) -> str:
    return json.dumps(v, sort_keys=True)


def ident(v):
    """What names a list item in a message: its id, code or period."""
    if isinstance(v, dict):
        for k in ("contactID", "orderID", "code", "period"):
            if k in v:
                return v[k]
    return v


def short(v) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 90 else s[:87] + "..."


def mismatch(family: str, what: str) -> None:
    MISMATCHES.setdefault(family, []).append(what)


def get(c: Client, path: str, bypass: bool):
    if bypass:
        path += ("&" if "?" in path else "?") + "cache=bypass"
    status, doc, _ = SHOP.request("GET", path, key=c.key)
    return status, doc


def route_of(path: str) -> str:
    p = path.split("?")[0].split("/")
    if len(p) > 3 and p[2] in ("customers", "orders"):
        p[3] = "{id}"
    if len(p) > 3 and p[2] == "products":
        p[3] = "{code}"
    return "/".join(p)


def default_source(path: str) -> str | None:
    """The source a default request must name: the views, except the orders endpoints
    (always the orders) and the reports the daily roll-ups cannot answer exactly
    (periods given as timestamps), where either is allowed."""
    if path.startswith("/api/orders"):
        return "orders"
    if path.startswith("/api/reports/"):
        params = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)
        bounds = params.get("from", []) + params.get("to", [])
        if any("T" in b for b in bounds):
            return None
    return "cache"


def check_source(c: Client, path: str, doc: dict, bypass: bool) -> None:
    meta = (doc or {}).get("meta", {})
    want = "orders" if bypass else default_source(path)
    if want is None:
        ALLOWED_FALLBACK[route_of(path)] = ALLOWED_FALLBACK.get(route_of(path), 0) + (
            meta.get("source") == "orders")
        want = meta.get("source")
    if meta.get("source") != want or meta.get("cacheHit") != (want == "cache"):
        SOURCES.setdefault(route_of(path), []).append(
            "%s GET %s%s: source %r cacheHit %r, want %r" % (
                c.name, path, " (cache=bypass)" if bypass else "", meta.get("source"),
                meta.get("cacheHit"), want))


def compare(c: Client, family: str, path: str) -> dict | None:
    """One request on both paths; returns the views' answer."""
    s1, d1 = get(c, path, False)
    s2, d2 = get(c, path, True)
    where = "%s GET %s" % (c.name, path)
    if s1 != s2:
        mismatch(family, "%s: status %s (views) != %s (orders): %s / %s" % (
            where, s1, s2, short(d1), short(d2)))
        return None
    if s1 != 200:
        c1 = (d1 or {}).get("error", {}).get("code")
        c2 = (d2 or {}).get("error", {}).get("code")
        if c1 != c2:
            mismatch(family, "%s: error %s (views) != %s (orders)" % (where, c1, c2))
        return None
    check_source(c, path, d1, False)
    check_source(c, path, d2, True)
    problems = diff(strip(d1["data"]), strip(d2["data"]))
    m1, m2 = d1["meta"], d2["meta"]
    for k in ("count", "total"):
        if k in m1 and m1.get(k) != m2.get(k):
            problems.append("meta.%s: %r (views) != %r (orders)" % (k, m1.get(k), m2.get(k)))
    if (m1.get("nextCursor") is None) != (m2.get("nextCursor") is None):
        problems.append("meta.nextCursor: %r (views) != %r (orders)" % (
            m1.get("nextCursor"), m2.get("nextCursor")))
    if problems:
        mismatch(family, "%s: %s" % (where, "; ".join(problems)))
    return d1


def walk_one(c: Client, path: str, bypass: bool, items_of) -> tuple[list, int, list[str]]:
    """Every page of `path` on one path; a first page that is an error is returned as
    the single item {"errorStatus", "code"}."""
    items, total, problems, cursor = [], None, [], None
    for _ in range(300):
        q = path + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
        status, doc = get(c, q, bypass)
        if status != 200 and cursor is None:
            return [{"errorStatus": status, "code": (doc or {}).get("error", {}).get("code")}], 1, []
        if status != 200:
            problems.append("page status %s: %s" % (status, short(doc)))
            break
        check_source(c, path, doc, bypass)
        items += items_of(doc["data"])
        total = doc["meta"]["total"] if total is None else total
        cursor = doc["meta"]["nextCursor"]
        if cursor is None:
            break
    return items, total, problems


def walk(c: Client, family: str, path: str, items_of, key_of) -> list:
    """Walks every page on both paths and compares the whole lists."""
    a, ta, pa = walk_one(c, path, False, items_of)
    b, tb, pb = walk_one(c, path, True, items_of)
    where = "%s walk GET %s" % (c.name, path)
    problems = ["views: " + p for p in pa] + ["orders: " + p for p in pb]
    problems += diff(strip(a), strip(b))
    for name, items, total in (("views", a, ta), ("orders", b, tb)):
        keys = [key_of(x) for x in items if "errorStatus" not in x]
        if len(set(keys)) != len(keys):
            problems.append("%s: an item came twice" % name)
        if total is not None and len(items) != total:
            problems.append("%s: walked %d items, meta.total %d" % (name, len(items), total))
    if problems:
        mismatch(family, "%s: %s" % (where, "; ".join(problems)))
    return a


def q(path: str, **params) -> str:
    params = {k: v for k, v in params.items() if v is not None}
    return path + ("?" + urllib.parse.urlencode(params, safe=",:") if params else "")


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def as_ofs(c: Client) -> list:
    edge = from_ms(R.choice(edge_instants(c.tz)))
    return [None, iso(NOW - dt.timedelta(days=200)), iso(edge),
            (NOW + dt.timedelta(days=400)).astimezone(c.tz).isoformat(), "2022-01-01T00:00:00Z"]


def periods(c: Client) -> list[tuple]:
    """(from, to): dates around daylight-saving changes, months, timestamps at local
    midnights, one day, a long span."""
    local_today = NOW.astimezone(c.tz).date()
    out = [(None, None), (str(local_today - dt.timedelta(days=6)), str(local_today)),
           (str(local_today.replace(day=1)), str(local_today))]
    edges = sorted(edge_instants(c.tz))
    for t in R.sample(edges, 4):
        d = from_ms(t).astimezone(c.tz).date()
        out.append((str(d - dt.timedelta(days=2)), str(d + dt.timedelta(days=2))))
        out.append((str(d), str(d)))
        out.append((created_at(t, c.tz), iso(from_ms(t) + dt.timedelta(days=3))))
    start = (NOW - dt.timedelta(days=700)).astimezone(c.tz).date()
    out.append((str(start), str(local_today)))
    out.append((iso(NOW - dt.timedelta(days=365)), NOW.astimezone(c.tz).isoformat()))
    return out


# ---------------------------------------------------------------- the tests

def clients() -> list[Client]:
    return CLIENTS


def customers_list_agree() -> None:
    fam = "customers"
    for c in clients():
        for sort in ["totalSpend", "orderCount", "lastOrderDate", "firstOrderDate", "name"]:
            for order in ["desc", "asc"]:
                walk(c, fam, q("/api/customers", sort=sort, order=order, limit=7),
                     lambda d: d, lambda x: x["contactID"])
                for seg in [None, "VIP,New", "Dormant", "Active,Dormant"]:
                    for as_of in R.sample(as_ofs(c), 2):
                        compare(c, fam, q("/api/customers", sort=sort, order=order,
                                          segment=seg, asOf=as_of, limit=500))
        for term in ["zoë", "ZOE", "o'b", "müller", ".3", "SHOP.EXAMPLE", "acme", "zero"]:
            compare(c, fam, q("/api/customers", search=term, limit=500))
            walk(c, fam, q("/api/customers", search=term, sort="name", order="asc", limit=3),
                 lambda d: d, lambda x: x["contactID"])
        compare(c, fam, q("/api/customers", consistent="true", limit=500))
        compare(c, fam, q("/api/customers", segment="VIP", asOf=as_ofs(c)[2], limit=2))
    report(fam)


def customer_detail_agree() -> None:
    fam = "customer detail"
    for c in clients():
        _, doc = get(c, "/api/customers?limit=500", True)
        for cust in doc["data"]:
            for as_of in R.sample(as_ofs(c), 2):
                compare(c, fam, q("/api/customers/" + cust["contactID"], asOf=as_of))
        compare(c, fam, "/api/customers/00000000-0000-5000-8000-000000000000")
    report(fam)


def products_agree() -> None:
    fam = "products"
    for c in clients():
        for sort in ["revenue", "units", "orders", "customers", "code"]:
            for order in ["desc", "asc"]:
                compare(c, fam, q("/api/products", sort=sort, order=order, limit=500))
                walk(c, fam, q("/api/products", sort=sort, order=order, limit=4),
                     lambda d: d, lambda x: x["code"])
        for term in ["p-0", "P-1", "kraft", "BÄG", "v2", "nc-"]:
            compare(c, fam, q("/api/products", search=term, limit=500))
    report(fam)


def product_orders_agree() -> None:
    fam = "product orders"
    for c in clients():
        codes = sorted(set(c.codes) | {"NC-0", "NC-1", "NC-2"})
        for code in codes:
            walk(c, fam, q("/api/products/%s/orders" % code, limit=6),
                 lambda d: d["orders"], lambda x: x["orderID"])
            compare(c, fam, q("/api/products/%s/orders" % code, limit=500))
        compare(c, fam, "/api/products/NEVER-SEEN/orders")
    report(fam)


def orders_agree() -> None:
    fam = "orders"
    for c in clients():
        walk(c, fam, q("/api/orders", limit=37), lambda d: d, lambda x: x["orderID"])
        for f, t in periods(c):
            compare(c, fam, q("/api/orders", **{"from": f, "to": t, "limit": 500}))
        for st in ["completed", "cancelled,refunded,failed", "PAID,on-hold"]:
            walk(c, fam, q("/api/orders", status=st, limit=50), lambda d: d,
                 lambda x: x["orderID"])
        for term in ["r-000", "R-001", "zoë", "müller", "zero"]:
            compare(c, fam, q("/api/orders", search=term, limit=500))
        for email in R.sample(c.emails, min(5, len(c.emails))):
            _, doc = get(c, q("/api/customers", search=email, limit=1), False)
            if doc and doc.get("data"):
                compare(c, fam, q("/api/orders", contactID=doc["data"][0]["contactID"]))
        for ref in R.sample(sorted(c.order_ids), min(20, len(c.order_ids))):
            compare(c, fam, "/api/orders/" + c.order_ids[ref])
    report(fam)


def reports_agree() -> None:
    fam = "reports"
    for c in clients():
        for f, t in periods(c):
            for as_of in R.sample(as_ofs(c), 2):
                p = {"from": f, "to": t, "asOf": as_of}
                compare(c, fam, q("/api/reports/overview", **p))
                compare(c, fam, q("/api/reports/statistics", **p))
                compare(c, fam, q("/api/reports/products", sort=R.choice(
                    ["revenue", "units", "orders"]), limit=R.choice([3, 50]), **p))
            for interval in ["day", "week", "month"]:
                compare(c, fam, q("/api/reports/sales", interval=interval,
                                  **{"from": f, "to": t}))
    report(fam)


def default_path_is_views() -> None:
    """Default requests are served from the views, bypass ones from the orders."""
    for route, n in sorted(ALLOWED_FALLBACK.items()):
        print("   %s: %d default answers from the orders where the roll-ups cannot answer "
              "(timestamp periods)" % (route, n))
    for route, items in sorted(SOURCES.items()):
        print("   %s: %d answers with the wrong source, e.g. %s" % (route, len(items), items[0]))
    check(not SOURCES, "wrong meta.source on %d routes" % len(SOURCES))


def report(family: str) -> None:
    items = MISMATCHES.get(family, [])
    for m in items[:SHOW]:
        print("   MISMATCH " + m)
    if len(items) > SHOW:
        print("   ... and %d more %s mismatches" % (len(items) - SHOW, family))
    check(not items, "%d %s mismatches" % (len(items), family))


def timing() -> None:
    print("   took %.1f s in all (seed %d)" % (time.monotonic() - STARTED, SEED))


if __name__ == "__main__":
    print("seed %d (PACKPROD_SEED=%d repeats this data set)" % (SEED, SEED), flush=True)
    SHOP.start()
    try:
        ACME = Client("acme", "Australia/Sydney", SHOP.key)
        KIWI = add_client("kiwi", "Pacific/Auckland", "--vip-spend", "1000", "--vip-orders", "5",
                          "--dormant-days", "90", "--new-days", "14")
        EMPTY = add_client("empty", "Australia/Sydney")
        EMPTY.codes = ["P-00"]
        build(ACME, 420, 45, 24)
        build(KIWI, 160, 20, 10)
        CLIENTS = [ACME, KIWI, EMPTY]
        for cl in CLIENTS:
            wait_for_views(cl)
        print("data set ready after %.1f s" % (time.monotonic() - STARTED), flush=True)
        main([customers_list_agree, customer_detail_agree, products_agree,
              product_orders_agree, orders_agree, reports_agree, default_path_is_views,
              timing])
    finally:
        SHOP.stop()
