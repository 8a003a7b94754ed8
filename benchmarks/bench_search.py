#!/usr/bin/env python3
"""Benchmark of the customer-file searches of realestate_customer_file.

Creates a database, installs the addon, bulk-loads N synthetic customer files
with SQL COPY, then times in-process (the server-side work of a search):

  a. search by the last 4 digits of a mobile   (estate_phone_search)
  b. search by a formatted full mobile number   (estate_phone_search)
  c. search by an exact resident ID number      (estate_id_number)
  s. the anchor: the same last 4 digits through the Phone field of Odoo's own
     contact search view (phone or mobile ilike)

as the superuser (no record rules), a Customer Files manager and a Customer
Files user (salesperson: record rules apply). The EXPLAIN ANALYZE plans of (a)
and (c) show which indexes PostgreSQL uses.

PostgreSQL is reached through the usual PG* variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD). All the data is synthetic. It is a benchmark, not a test: it exits
0 whatever the figures, and non-zero only when it crashes.

    PGHOST=127.0.0.1 PGPORT=5432 PGUSER=root python3 benchmarks/bench_search.py
"""

import argparse
import datetime
import importlib
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql as pgsql

import odoo
import odoo.sql_db
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

import odoo.addons

ADDON = "realestate_customer_file"
PROJECT_DIR = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
MARKER_KEY = "rcf_bench_search.customers"
SALESPEOPLE = 10
COPY_BATCH = 50_000

# Synthetic data. Mobiles and ID numbers are unique because they come from
# bijections (multiplication by a number prime to the size of the space).
# Mainland mobile prefixes that libphonenumber (hence the addon) accepts whatever
# the 8 digits after them.
MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 "
    "157 158 159 166 172 173 175 176 177 178 180 181 182 183 184 185 186 187 "
    "188 189 191 193 195 196 197 198 199"
).split()
MOBILE_SPACE = len(MOBILE_PREFIXES) * 10**8
ID_REGIONS = (
    "110101 110105 310101 310115 440103 440305 330106 510107 320102 420106"
).split()
ID_FIRST_DAY = datetime.date(1950, 1, 1)
ID_DAYS = (datetime.date(2006, 1, 1) - ID_FIRST_DAY).days
ID_SPACE = len(ID_REGIONS) * ID_DAYS * 1000
SCRAMBLE = 2_654_435_761  # prime, so prime to both spaces
GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国文博宇浩然欣怡"
CITIES = ("北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市")
STAGES = ["prospect"] * 10 + ["visited"] * 4 + ["reserved", "subscribed"]
STAGES += ["signed", "signed", "lost", "lost"]
LEVELS = ("a", "b", "b", "c", "c", "c", "d", "d")

COPY_COLUMNS = (
    "id name complete_name commercial_partner_id type active is_company "
    "employee partner_share color message_bounce lang tz country_id city "
    "mobile phone phone_sanitized estate_mobile_rev estate_phone_rev "
    "is_estate_customer estate_code estate_id_type estate_id_number_stored "
    "estate_birthdate estate_gender estate_stage estate_level "
    "estate_completeness user_id estate_owner_date estate_service_user_id "
    "create_uid write_uid create_date write_date"
).split()


def log(message=""):
    print(message, flush=True)


# ----------------------------------------------------------------------------
# Set-up: Odoo configuration, database, install
# ----------------------------------------------------------------------------


def odoo_addons_path():
    """The addon's parent folder plus Odoo's own addons folders."""
    paths = [os.path.realpath(path) for path in odoo.addons.__path__]
    root = os.path.dirname(os.path.dirname(os.path.realpath(odoo.__file__)))
    extra = os.path.join(root, "addons")
    if os.path.isdir(extra) and extra not in paths:
        paths.append(extra)
    return ",".join([str(PROJECT_DIR), *paths])


def write_config(path, addons_path, data_dir):
    lines = [
        "[options]",
        f"addons_path = {addons_path}",
        f"data_dir = {data_dir}",
        "list_db = False",
        "log_level = warn",
        "max_cron_threads = 0",
    ]
    for option, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        if os.environ.get(variable):
            lines.append(f"{option} = {os.environ[variable]}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def admin_connection():
    maintenance_db = os.environ.get("RCF_BENCH_MAINTENANCE_DB", "postgres")
    conn = psycopg2.connect(dbname=maintenance_db)
    conn.autocommit = True
    return conn


def database_exists(db):
    conn = admin_connection()
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
            return cr.fetchone() is not None
    finally:
        conn.close()


def drop_database(db):
    conn = admin_connection()
    try:
        with conn.cursor() as cr:
            cr.execute(
                pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    pgsql.Identifier(db)
                )
            )
    finally:
        conn.close()


def database_holds_data(db, customers):
    """Whether a database of an earlier run with --keep can be reused."""
    try:
        conn = psycopg2.connect(dbname=db)
    except psycopg2.Error:
        return False
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [ADDON])
            state = cr.fetchone()
            cr.execute(
                "SELECT value FROM ir_config_parameter WHERE key = %s", [MARKER_KEY]
            )
            marker = cr.fetchone()
    except psycopg2.Error:
        return False
    finally:
        conn.close()
    return bool(state and state[0] == "installed" and marker) and marker[0] == str(
        customers
    )


def install_addon(conf, db, log_path):
    command = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        conf,
        "-d",
        db,
        "-i",
        ADDON,
        "--without-demo=all",
        "--stop-after-init",
        "--no-http",
        "--log-level=info",
    ]
    log(f"    $ {' '.join(command)}")
    with open(log_path, "w", encoding="utf-8") as output:
        result = subprocess.run(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=tempfile.gettempdir(),
            check=False,
        )
    text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    failed = result.returncode != 0 or " ERROR " in text or " CRITICAL " in text
    if failed or not database_holds_addon(db):
        tail = "\n".join(text.splitlines()[-40:])
        raise SystemExit(
            f"installing {ADDON} failed (exit code {result.returncode}); "
            f"last lines of the log:\n{tail}"
        )


def database_holds_addon(db):
    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [ADDON])
            row = cr.fetchone()
    finally:
        conn.close()
    return bool(row) and row[0] == "installed"


# ----------------------------------------------------------------------------
# Users and data
# ----------------------------------------------------------------------------


def ensure_users(env):
    """A Customer Files manager and SALESPEOPLE Customer Files users."""
    users = env["res.users"].with_context(
        no_reset_password=True, tracking_disable=True, mail_create_nolog=True
    )
    wanted = [("bench_manager", "Bench Manager", "group_manager")]
    wanted += [
        (f"bench_sales_{i:02d}", f"Bench Sales {i:02d}", "group_user")
        for i in range(1, SALESPEOPLE + 1)
    ]
    result = {}
    for login, name, group in wanted:
        user = users.search([("login", "=", login)])
        if not user:
            user = users.create(
                {
                    "name": name,
                    "login": login,
                    "groups_id": [Command.set([env.ref(f"{ADDON}.{group}").id])],
                }
            )
        result[login] = user.id
    return result


def gb11643_check_char(first17):
    total = sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def synthetic_mobile(n):
    m = (n * SCRAMBLE + 12_345_678) % MOBILE_SPACE
    return f"+86{MOBILE_PREFIXES[m // 10**8]}{m % 10**8:08d}"


def synthetic_id_number(n):
    m = (n * SCRAMBLE + 987_654_321) % ID_SPACE
    region = ID_REGIONS[m % len(ID_REGIONS)]
    rest = m // len(ID_REGIONS)
    birth = ID_FIRST_DAY + datetime.timedelta(days=rest % ID_DAYS)
    first17 = f"{region}{birth:%Y%m%d}{rest // ID_DAYS:03d}"
    gender = "male" if int(first17[16]) % 2 else "female"
    return first17 + gb11643_check_char(first17), birth, gender


def reversed_digits(number):
    return "".join(c for c in number or "" if c.isdigit())[::-1] or None


def completeness_weights():
    """Completeness (%) of the loaded files, with and without a salesperson."""
    try:
        module = importlib.import_module(f"odoo.addons.{ADDON}.models.res_partner")
        items = module.COMPLETENESS_ITEMS
    except (ImportError, AttributeError):
        return None, None
    filled = {"name", "mobile", "city", "estate_id_number_stored", "user_id"}
    missing = sum(w for f, w, _label in items if f not in filled)
    return 100 - missing, 100 - missing - 5


def copy_text(value):
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def required_extra_columns(env, cr, columns=COPY_COLUMNS):
    """NOT NULL columns without a database default that ``columns`` lacks.

    They get the ORM default of their field, or the load stops saying which.
    """
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'res_partner' "
        "AND is_nullable = 'NO' AND column_default IS NULL"
    )
    missing = [name for (name,) in cr.fetchall() if name not in columns]
    if not missing:
        return {}
    partners = env["res.partner"]
    defaults = partners.default_get(missing)
    extra, unknown = {}, []
    for name in missing:
        field = partners._fields.get(name)
        if field is None or defaults.get(name) in (None, False):
            unknown.append(name)
            continue
        extra[name] = field.convert_to_column(defaults[name], partners)
    if unknown:
        raise SystemExit(
            "res_partner has NOT NULL columns this benchmark does not know how "
            f"to fill: {', '.join(unknown)}"
        )
    return extra


def customer_name(n):
    return (
        SURNAMES[n % len(SURNAMES)]
        + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        + GIVEN[(n * 7 // len(SURNAMES)) % len(GIVEN)]
    )


def customer_row(n, partner_id, country_cn, created, **values):
    """Values of COPY_COLUMNS for synthetic customer ``n``.

    ``values`` gives phone, owner, service, stage, level and completeness.
    """
    name = customer_name(n)
    mobile = synthetic_mobile(n)
    phone, owner = values["phone"], values["owner"]
    id_number, birth, gender = synthetic_id_number(n)
    return [
        partner_id,
        name,
        name,
        partner_id,
        "contact",
        True,
        False,
        False,
        True,
        0,
        0,
        "en_US",
        "Asia/Shanghai",
        country_cn,
        CITIES[n % len(CITIES)],
        mobile,
        phone,
        mobile,
        reversed_digits(mobile),
        reversed_digits(phone),
        True,
        f"RC{n:07d}",
        "cn_resident",
        id_number,
        birth,
        gender,
        values["stage"],
        values["level"],
        values["completeness"],
        owner,
        created.date() if owner else None,
        values["service"],
        2,
        2,
        created,
        created,
    ]


def copy_customers(env, customers, make_row, more_columns=(), marker=None):
    """COPY ``customers`` files into res_partner. Returns the seconds it took.

    ``make_row(n, partner_id)`` gives the values of COPY_COLUMNS then
    ``more_columns`` of customer ``n`` (1 to ``customers``). ``marker`` is a
    (key, value) system parameter written at the end, to recognise the data.
    """
    cr = env.cr
    start = time.perf_counter()
    columns = [*COPY_COLUMNS, *more_columns]
    extra = required_extra_columns(env, cr, columns)
    columns += list(extra)
    cr.execute("SELECT nextval('res_partner_id_seq')")
    first_id = cr.fetchone()[0]
    cr.execute("SELECT setval('res_partner_id_seq', %s)", [first_id + customers - 1])
    copy_sql = pgsql.SQL("COPY res_partner ({}) FROM STDIN").format(
        pgsql.SQL(", ").join(pgsql.Identifier(c) for c in columns)
    )
    extra_values = [copy_text(v) for v in extra.values()]
    for batch_start in range(1, customers + 1, COPY_BATCH):
        buffer = io.StringIO()
        for n in range(batch_start, min(batch_start + COPY_BATCH, customers + 1)):
            row = make_row(n, first_id + n - 1)
            buffer.write("\t".join([*map(copy_text, row), *extra_values]) + "\n")
        buffer.seek(0)
        cr.copy_expert(copy_sql.as_string(cr._cnx), buffer)
    if marker:
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, "
            "create_date, write_date) VALUES (%s, %s, 1, 1, now(), now()) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            list(marker),
        )
    return time.perf_counter() - start


def load_customers(env, customers, user_ids):
    """Bulk-load the customer files with COPY. Returns the seconds it took."""
    country_cn = env.ref("base.cn").id
    salespeople = [user_ids[f"bench_sales_{i:02d}"] for i in range(1, SALESPEOPLE + 1)]
    with_owner, without_owner = completeness_weights()
    now = datetime.datetime.now().replace(microsecond=0)

    def make_row(n, partner_id):
        phone = None
        if n % 4 == 1:  # a quarter also have a landline (Beijing, Shanghai)
            area = "10" if n % 8 == 1 else "21"
            phone = f"+86{area}{20_000_000 + (n * 7919) % 60_000_000}"
        owner = None if n % 4 == 0 else salespeople[n % SALESPEOPLE]
        return customer_row(
            n,
            partner_id,
            country_cn,
            now - datetime.timedelta(minutes=n % 700_000),
            phone=phone,
            owner=owner,
            service=salespeople[(n // 10) % SALESPEOPLE] if n % 10 == 3 else None,
            stage=STAGES[(n * 31) % len(STAGES)],
            level=LEVELS[(n * 17) % len(LEVELS)],
            completeness=with_owner if owner else without_owner,
        )

    return copy_customers(env, customers, make_row, marker=(MARKER_KEY, str(customers)))


def vacuum_analyze(db):
    start = time.perf_counter()
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute("VACUUM (ANALYZE) res_partner")
    finally:
        conn.close()
    return time.perf_counter() - start


# ----------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------


def pick_keys(cr, customers, count, seed):
    """`count` (mobile, ID number) pairs of random loaded customers."""
    numbers = random.Random(seed).sample(range(1, customers + 1), count)
    codes = [f"RC{n:07d}" for n in numbers]
    cr.execute(
        "SELECT estate_code, mobile, estate_id_number_stored FROM res_partner "
        "WHERE estate_code = ANY(%s)",
        [codes],
    )
    by_code = {code: (mobile, number) for code, mobile, number in cr.fetchall()}
    if len(by_code) != count:
        raise SystemExit("the loaded customers are not all in the database")
    return [by_code[code] for code in codes]


def formatted_national(mobile):
    national = mobile.removeprefix("+86")
    return f"{national[:3]} {national[3:7]} {national[7:]}"


OPERATIONS = [
    (
        "a",
        "phone: last 4 digits",
        lambda key: [("estate_phone_search", "=", key[0][-4:])],
    ),
    (
        "b",
        "phone: '138 0013 8000' style",
        lambda key: [("estate_phone_search", "=", formatted_national(key[0]))],
    ),
    (
        "c",
        "ID number: exact",
        lambda key: [("estate_id_number", "=", key[1])],
    ),
    # The anchor: what the Phone field of Odoo's own contact search view does
    # with the same last four digits.
    (
        "s",
        "anchor: Contacts phone filter",
        lambda key: [
            "|",
            ("phone", "ilike", key[0][-4:]),
            ("mobile", "ilike", key[0][-4:]),
        ],
    ),
]


def percentile(values, fraction):
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_operation(env, make_domain, warm_key, keys):
    partners = env["res.partner"]
    partners.search(make_domain(warm_key))  # rule and field set-up, plan cache
    timings, matches = [], []
    for key in keys:
        env.invalidate_all()
        domain = make_domain(key)
        start = time.perf_counter()
        found = partners.search(domain)
        timings.append((time.perf_counter() - start) * 1000)
        matches.append(len(found))
    return {
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
        "rows": statistics.mean(matches),
    }


def explain(env, domain):
    partners = env["res.partner"]
    query = partners._search(domain, order=partners._order)
    env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query.select()))
    return [line for (line,) in env.cr.fetchall()]


def plan_summary(lines):
    indexes = sorted(
        {
            line.split(" using ", 1)[1].split(" ", 1)[0]
            for line in lines
            if " using " in line
        }
        | {
            line.split(" on ", 1)[1].split(" ", 1)[0]
            for line in lines
            if "Bitmap Index Scan on " in line
        }
    )
    seq_scans = [line.strip() for line in lines if "Seq Scan on res_partner" in line]
    return indexes, seq_scans


# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="rcf_bench_search", help="database name")
    parser.add_argument(
        "--customers", type=int, default=200_000, help="customer files to load"
    )
    parser.add_argument(
        "--repeat", type=int, default=20, help="timed searches per operation"
    )
    parser.add_argument("--seed", type=int, default=18, help="random seed of keys")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the database if it already holds the addon and the data",
    )
    parser.add_argument(
        "--keep", action="store_true", help="do not drop the database at the end"
    )
    parser.add_argument(
        "--addons-path", help="Odoo addons path (default: derived from odoo)"
    )
    args = parser.parse_args(argv)
    if args.customers < args.repeat + 1 or args.repeat < 1:
        parser.error("--customers must exceed --repeat, which must be positive")
    return args


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    phases = {}
    workdir = tempfile.TemporaryDirectory(prefix="rcf_bench_")
    conf = os.path.join(workdir.name, "odoo.conf")
    addons_path = args.addons_path or odoo_addons_path()
    write_config(conf, addons_path, os.path.join(workdir.name, "data"))

    log(f"Benchmark of {ADDON} searches")
    log(f"  database {args.db!r}, {args.customers} customers, {args.repeat} runs")
    log(f"  addons path {addons_path}")

    registry = None
    try:
        reuse = args.reuse and database_exists(args.db)
        if reuse and not database_holds_data(args.db, args.customers):
            log("  --reuse: the database lacks the data; building it again")
            reuse = False
        if reuse:
            log("==> reusing the existing database and data")
        else:
            log("==> dropping any old database, installing the addon")
            drop_database(args.db)
            t0 = time.perf_counter()
            install_addon(conf, args.db, os.path.join(workdir.name, "install.log"))
            phases["install"] = time.perf_counter() - t0

        odoo.tools.config.parse_config(["-c", conf], setup_logging=True)
        t0 = time.perf_counter()
        registry = Registry(args.db)
        phases["registry load"] = time.perf_counter() - t0

        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            user_ids = ensure_users(env)
        if not reuse:
            log(f"==> loading {args.customers} customer files with COPY")
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                phases["data load (COPY)"] = load_customers(
                    env, args.customers, user_ids
                )
            log("==> VACUUM (ANALYZE) res_partner")
            phases["vacuum analyze"] = vacuum_analyze(args.db)

        log("==> timing searches")
        t0 = time.perf_counter()
        loaded, results, plans = run_measurements(registry, args, user_ids)
        phases["measurements"] = time.perf_counter() - t0
    finally:
        if registry is not None:
            odoo.sql_db.close_db(args.db)
            Registry.delete(args.db)
        if not args.keep:
            t0 = time.perf_counter()
            drop_database(args.db)
            phases["drop database"] = time.perf_counter() - t0
        workdir.cleanup()

    report(args, loaded, results, plans, phases, time.perf_counter() - started)
    return 0


def run_measurements(registry, args, user_ids):
    profiles = [
        ("superuser", SUPERUSER_ID),
        ("manager", user_ids["bench_manager"]),
        ("salesperson", user_ids["bench_sales_01"]),
    ]
    results, plans = [], []
    with registry.cursor() as cr:
        keys = pick_keys(cr, args.customers, args.repeat + 1, args.seed)
        warm_key, keys = keys[0], keys[1:]
        cr.execute("SELECT count(*) FROM res_partner WHERE is_estate_customer")
        loaded = cr.fetchone()[0]
        for label, uid in profiles:
            env = api.Environment(cr, uid, {})
            for code, title, make_domain in OPERATIONS:
                figures = time_operation(env, make_domain, warm_key, keys)
                results.append((code, title, label, figures))
            if label in ("superuser", "salesperson"):
                for code, title, make_domain in OPERATIONS:
                    if code in ("a", "c", "s"):
                        lines = explain(env, make_domain(keys[0]))
                        plans.append((code, title, label, lines))
        cr.rollback()
    return loaded, results, plans


def report(args, loaded, results, plans, phases, wall):
    log()
    for code, title, label, lines in plans:
        indexes, seq_scans = plan_summary(lines)
        log(f"--- EXPLAIN (ANALYZE, BUFFERS) of ({code}) {title}, as {label}")
        for line in lines:
            log(f"    {line}")
        log(f"    indexes used: {', '.join(indexes) or 'none'}")
        if seq_scans:
            log(f"    WARNING sequential scan of res_partner: {seq_scans[0]}")
        log()

    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    log("=" * 78)
    log(
        f"Machine: {os.cpu_count()} logical cores ({affinity} usable), Python "
        f"{sys.version.split()[0]}, Odoo {odoo.release.version}"
    )
    log(
        f"Data: {loaded} customer files in res_partner; {args.repeat} timed "
        f"searches per line, each with a different key, after one warm-up"
    )
    log(
        f"Target: {TARGET_MS:.0f} ms per search (PASS when p95 <= target); "
        "times are in-process ORM search() wall times"
    )
    log("-" * 78)
    header = (
        f"{'op':<3}{'search':<30}{'user':<12}{'median':>8}{'p95':>8}"
        f"{'max':>8}{'rows':>7}  result"
    )
    log(header)
    log("-" * 78)
    for code, title, label, figures in results:
        if code == "s":
            verdict = "(anchor)"
        else:
            verdict = "PASS" if figures["p95"] <= TARGET_MS else "FAIL"
        log(
            f"{code:<3}{title:<30}{label:<12}{figures['median']:>8.2f}"
            f"{figures['p95']:>8.2f}{figures['max']:>8.2f}{figures['rows']:>7.1f}"
            f"  {verdict}"
        )
    log("-" * 78)
    log("Times in ms; rows = average number of customers found per search.")
    log("Phases: " + ", ".join(f"{name} {secs:.1f} s" for name, secs in phases.items()))
    log(f"Whole script: {wall:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
