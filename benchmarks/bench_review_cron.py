#!/usr/bin/env python3
"""Benchmark of the "flag outdated files" scheduled action of realestate_customer_file.

Creates a database, installs the addon, bulk-loads N synthetic customer files
with SQL COPY (exactly a quarter of them last verified more than 180 days ago,
the default review interval; their salespeople spread over a few Customer
Files users, about 10% unassigned), ANALYZEs, then runs

    env["res.partner"]._cron_flag_outdated_customers(batch_size=...)

twice, each time in a fresh subprocess (the script runs itself with --child)
so that its memory is the cron's alone. The child loads the registry, starts
the clock, runs the method as the superuser in an environment with a real
cursor and a progress record of the scheduled action in its context (as
ir.cron does), then commits. The method commits after each batch itself.

Memory is watched from outside the addon: a background thread reads VmRSS in
/proc/self/status every --sample-interval seconds, and a logging handler on the
addon's logger reads it again when the cron logs the end of a batch. The peak
is getrusage's ru_maxrss of the child, whose high-water mark is reset (through
/proc/self/clear_refs) after the registry load, so that it is the cron's. The
second run checks idempotence: no new task expected.

PostgreSQL is reached through the usual PG* variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD). All the data is synthetic. It is a benchmark, not a test: it exits
0 whatever the figures, and non-zero only when it crashes.

    PGHOST=127.0.0.1 PGPORT=5432 PGUSER=root python3 benchmarks/bench_review_cron.py
"""

import argparse
import datetime
import json
import logging
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
from bench_search import (
    ADDON,
    SALESPEOPLE,
    completeness_weights,
    copy_customers,
    customer_row,
    database_exists,
    drop_database,
    ensure_users,
    install_addon,
    log,
    odoo_addons_path,
    vacuum_analyze,
    write_config,
)

import odoo
import odoo.sql_db
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

CRON_METHOD = "_cron_flag_outdated_customers"
CRON_XMLID = f"{ADDON}.ir_cron_flag_outdated_customers"
ACTIVITY_TYPE_XMLID = f"{ADDON}.mail_activity_type_verify_customer"
MARKER_KEY = "rcf_bench_review_cron.customers"
REVIEW_INTERVAL = 180  # days; the company default the benchmark relies on
TARGET_SECONDS = 60.0
FLAT_TOLERANCE_MIB = 32.0
UNASSIGNED_SHARE = 0.10
# The log lines of the cron (see models/res_partner_review.py): one per batch
# ("%d of %d looked at, %d tasks created") and a
# summary ("%d flagged, %d cleared, ...").
LOG_PREFIX = "outdated customer files:"

REVIEW_COLUMNS = ["estate_verified_date", "estate_outdated"]


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


def is_outdated_number(n):
    """Exactly one customer in four was last verified before the cutoff."""
    return n % 4 == 0


def verified_date(n, today):
    if is_outdated_number(n):
        # 181 days to about 3 years ago: older than the 180-day interval.
        return today - datetime.timedelta(days=REVIEW_INTERVAL + 1 + (n * 7) % 900)
    # Today to 179 days ago: within the interval (the cutoff day itself is not
    # outdated, the cron compares with <).
    return today - datetime.timedelta(days=(n * 13) % REVIEW_INTERVAL)


def load_customers(env, customers, user_ids, seed):
    """Bulk-load the customer files with COPY. Returns the seconds it took."""
    country_cn = env.ref("base.cn").id
    salespeople = [user_ids[f"bench_sales_{i:02d}"] for i in range(1, SALESPEOPLE + 1)]
    with_owner, without_owner = completeness_weights()
    now = datetime.datetime.now().replace(microsecond=0)
    today = now.date()
    rng = random.Random(seed)

    def make_row(n, partner_id):
        # Drawn independently of n % 4, so that outdated and recent files
        # are alike: ~10% unassigned, the rest spread over the salespeople.
        owner = None
        if rng.random() >= UNASSIGNED_SHARE:
            owner = salespeople[rng.randrange(len(salespeople))]
        row = customer_row(
            n,
            partner_id,
            country_cn,
            now - datetime.timedelta(minutes=n % 700_000),
            phone=None,
            owner=owner,
            service=None,
            stage="prospect",
            level="c",
            completeness=with_owner if owner else without_owner,
        )
        return [*row, verified_date(n, today), False]

    return copy_customers(
        env,
        customers,
        make_row,
        more_columns=REVIEW_COLUMNS,
        marker=(MARKER_KEY, f"{customers}:{today}"),
    )


def check_company(env):
    """The benchmark relies on the default interval and no default reviewer."""
    company = env.company
    return {
        "interval": company.estate_review_interval,
        "reviewer": company.estate_review_user_id.login or None,
        "admin_id": env.ref("base.user_admin").id,
        "activity_type_id": env.ref(ACTIVITY_TYPE_XMLID).id,
    }


# ----------------------------------------------------------------------------
# Child process: one run of the cron
# ----------------------------------------------------------------------------


def rss_now_mib():
    """Current resident set size of this process, from /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mib():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_rss_high_water_mark():
    """Reset VmHWM to the current RSS (Linux >= 4.0); whether it worked."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def rss_high_water_mark_mib():
    """VmHWM: the peak RSS since the process started or since the reset."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class RssSampler(threading.Thread):
    """Reads VmRSS every `interval` seconds until stopped."""

    def __init__(self, interval, origin):
        super().__init__(name="rss-sampler", daemon=True)
        self.interval = interval
        self.origin = origin
        self.samples = []
        self.halt = threading.Event()

    def run(self):
        while True:
            self.samples.append((time.perf_counter() - self.origin, rss_now_mib()))
            if self.halt.wait(self.interval):
                break

    def stop(self):
        self.halt.set()
        self.join()
        self.samples.append((time.perf_counter() - self.origin, rss_now_mib()))


class CronLogProbe(logging.Handler):
    """Samples RSS, time and query count whenever the cron logs a batch."""

    def __init__(self, origin, cursor):
        super().__init__(level=logging.INFO)
        self.origin = origin
        self.cursor = cursor
        self.batches = []
        self.summary = None

    def emit(self, record):
        message = record.msg if isinstance(record.msg, str) else ""
        if not message.startswith(LOG_PREFIX) or not isinstance(record.args, tuple):
            return
        if len(record.args) == 3:  # "%d of %d looked at, %d tasks created"
            examined, total, done = record.args
            remaining = total - examined
            self.batches.append(
                {
                    "t": time.perf_counter() - self.origin,
                    "done": done,
                    "remaining": remaining,
                    "rss": rss_now_mib(),
                    "queries": self.cursor.sql_log_count,
                }
            )
        elif len(record.args) == 4:  # "%d flagged, %d cleared, %d tasks in %.1fs"
            flagged, cleared, done, seconds = record.args
            self.summary = {
                "flagged": flagged,
                "cleared": cleared,
                "tasks": done,
                "seconds": seconds,
            }


def run_child(args):
    """Run the cron once in args.db and write the figures to args.result."""
    odoo.tools.config.parse_config(["-c", args.conf], setup_logging=True)
    registry = Registry(args.db)
    result = {}
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref(CRON_XMLID, raise_if_not_found=False)
            context = {}
            if cron:
                # What ir.cron does around a job: a progress record in context.
                _cron, progress = cron._add_progress()
                context["ir_cron_progress_id"] = progress.id
            cr.commit()
            env = api.Environment(cr, SUPERUSER_ID, context)
            partners = env["res.partner"]
            method = getattr(partners, CRON_METHOD)

            load_peak = peak_rss_mib()  # the registry load's peak, so far
            hwm_reset = reset_rss_high_water_mark()
            baseline = rss_now_mib()
            queries_before = cr.sql_log_count
            origin = time.perf_counter()
            probe = CronLogProbe(origin, cr)
            cron_logger = logging.getLogger(f"odoo.addons.{ADDON}")
            old_level = cron_logger.level
            cron_logger.setLevel(logging.INFO)
            cron_logger.addHandler(probe)
            sampler = RssSampler(args.sample_interval, origin)
            sampler.start()
            try:
                method(batch_size=args.batch_size)
                cr.commit()
                seconds = time.perf_counter() - origin
            finally:
                sampler.stop()
                cron_logger.removeHandler(probe)
                cron_logger.setLevel(old_level)
            if cron:
                progress.invalidate_recordset()
                result["progress"] = {"done": progress.done, "left": progress.remaining}
            result.update(
                seconds=seconds,
                queries=cr.sql_log_count - queries_before,
                baseline_rss_mib=baseline,
                peak_rss_mib=peak_rss_mib(),
                load_peak_rss_mib=load_peak,
                call_peak_rss_mib=rss_high_water_mark_mib() if hwm_reset else None,
                samples=sampler.samples,
                batches=probe.batches,
                summary=probe.summary,
            )
    finally:
        odoo.sql_db.close_db(args.db)
        Registry.delete(args.db)
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")
    return 0


# ----------------------------------------------------------------------------
# Parent process
# ----------------------------------------------------------------------------


def install_with_retries(conf, db, log_path, retries, wait):
    """Install the addon; others may be editing it, so retry after a wait."""
    for attempt in range(retries + 1):
        drop_database(db)
        try:
            install_addon(conf, db, log_path)
            return
        except SystemExit as error:
            if attempt == retries:
                raise
            log(f"    install failed ({str(error).splitlines()[0]})")
            log(f"    retrying in {wait:.0f} s ({attempt + 1}/{retries})")
            time.sleep(wait)


def database_holds_data(db, customers):
    """Whether a database kept by an earlier run can be reused today."""
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
    expected = f"{customers}:{datetime.date.today()}"
    return bool(state and state[0] == "installed" and marker) and (
        marker[0] == expected
    )


def reset_review_state(db, activity_type_id):
    """Undo what earlier cron runs did, so that --reuse starts afresh."""
    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "DELETE FROM mail_activity WHERE activity_type_id = %s",
                [activity_type_id],
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'res.partner' "
                "AND res_id IN (SELECT id FROM res_partner WHERE is_estate_customer)"
            )
            cr.execute(
                "UPDATE res_partner SET estate_outdated = false WHERE estate_outdated"
            )
        conn.commit()
    finally:
        conn.close()


def database_state(db, info):
    """Figures of the review state, straight from the tables."""
    conn = psycopg2.connect(dbname=db)
    queries = {
        "customers": "SELECT count(*) FROM res_partner WHERE is_estate_customer",
        "due": (
            "SELECT count(*) FROM res_partner WHERE is_estate_customer AND active "
            "AND (estate_verified_date < %(cutoff)s OR estate_verified_date IS NULL)"
        ),
        "unassigned_due": (
            "SELECT count(*) FROM res_partner WHERE is_estate_customer AND active "
            "AND estate_verified_date < %(cutoff)s AND user_id IS NULL"
        ),
        "outdated": (
            "SELECT count(*) FROM res_partner "
            "WHERE is_estate_customer AND estate_outdated"
        ),
        "wrongly_flagged": (
            "SELECT count(*) FROM res_partner WHERE estate_outdated "
            "AND estate_verified_date >= %(cutoff)s"
        ),
        "tasks": (
            "SELECT count(*) FROM mail_activity WHERE res_model = 'res.partner' "
            "AND activity_type_id = %(type)s AND active"
        ),
        "tasked_files": (
            "SELECT count(DISTINCT res_id) FROM mail_activity "
            "WHERE res_model = 'res.partner' AND activity_type_id = %(type)s "
            "AND active"
        ),
        "outdated_without_task": (
            "SELECT count(*) FROM res_partner p WHERE p.estate_outdated "
            "AND p.active AND p.is_estate_customer AND NOT EXISTS (SELECT 1 "
            "FROM mail_activity a WHERE a.res_model = 'res.partner' "
            "AND a.res_id = p.id AND a.activity_type_id = %(type)s AND a.active)"
        ),
        "misassigned_tasks": (
            "SELECT count(*) FROM mail_activity a JOIN res_partner p "
            "ON a.res_model = 'res.partner' AND a.res_id = p.id "
            "WHERE a.activity_type_id = %(type)s "
            "AND a.user_id IS DISTINCT FROM COALESCE(p.user_id, %(reviewer)s)"
        ),
        "followers": (
            "SELECT count(*) FROM mail_followers f JOIN res_partner p "
            "ON f.res_model = 'res.partner' AND f.res_id = p.id "
            "WHERE p.is_estate_customer"
        ),
    }
    params = {
        "cutoff": datetime.date.today() - datetime.timedelta(days=info["interval"]),
        "type": info["activity_type_id"],
        "reviewer": info["reviewer_id"],
    }
    try:
        with conn.cursor() as cr:
            figures = {}
            for name, query in queries.items():
                cr.execute(query, params)
                figures[name] = cr.fetchone()[0]
    finally:
        conn.close()
    return figures


def spawn_cron(args, conf, workdir, label, py_spy=None):
    result_path = os.path.join(workdir, f"{label}.json")
    log_path = os.path.join(workdir, f"{label}.log")
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--db",
        args.db,
        "--conf",
        conf,
        "--batch-size",
        str(args.batch_size),
        "--sample-interval",
        str(args.sample_interval),
        "--result",
        result_path,
    ]
    if py_spy:
        command = ["py-spy", "record", "--rate", "100", "-o", py_spy, "--", *command]
    log(f"    $ {' '.join(command)}")
    t0 = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as output:
        completed = subprocess.run(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=workdir, check=False
        )
    elapsed = time.perf_counter() - t0
    text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    problems = [
        line
        for line in text.splitlines()
        if " ERROR " in line or " CRITICAL " in line or "Traceback" in line
    ]
    if completed.returncode != 0 or not os.path.exists(result_path):
        tail = "\n".join(text.splitlines()[-40:])
        log(f"    the {label} run crashed (exit code {completed.returncode}):\n{tail}")
        return None
    result = json.loads(Path(result_path).read_text(encoding="utf-8"))
    result["process_seconds"] = elapsed
    result["log_problems"] = problems[:10]
    return result


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="rcf_bench_review_cron", help="database name")
    parser.add_argument(
        "--customers", type=int, default=200_000, help="customer files to load"
    )
    parser.add_argument(
        "--batch-size", type=int, default=2000, help="batch_size given to the cron"
    )
    parser.add_argument(
        "--sample-interval",
        type=float,
        default=0.5,
        help="seconds between two RSS samples of the background thread",
    )
    parser.add_argument("--seed", type=int, default=18, help="random seed of owners")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the database if it holds today's data (the review state "
        "of earlier runs is reset)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="do not drop the database at the end"
    )
    parser.add_argument(
        "--install-retries",
        type=int,
        default=3,
        help="retries of a failed install (the addon may be mid-edit)",
    )
    parser.add_argument(
        "--install-wait", type=float, default=60.0, help="seconds between retries"
    )
    parser.add_argument(
        "--py-spy",
        metavar="FILE",
        help="record the first run with py-spy into FILE (.svg flame graph)",
    )
    parser.add_argument(
        "--addons-path", help="Odoo addons path (default: derived from odoo)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--conf", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child and not (args.conf and args.result):
        parser.error("--child needs --conf and --result")
    if args.customers < 4 or args.batch_size < 1 or args.sample_interval <= 0:
        parser.error("--customers >= 4, --batch-size >= 1, --sample-interval > 0")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        return run_child(args)
    started = time.perf_counter()
    phases = {}
    workdir = tempfile.TemporaryDirectory(prefix="rcf_bench_cron_")
    conf = os.path.join(workdir.name, "odoo.conf")
    addons_path = args.addons_path or odoo_addons_path()
    write_config(conf, addons_path, os.path.join(workdir.name, "data"))

    log(f"Benchmark of the {ADDON} scheduled action {CRON_METHOD}")
    log(
        f"  database {args.db!r}, {args.customers} customers, "
        f"batch_size={args.batch_size}"
    )
    log(f"  addons path {addons_path}")

    registry = None
    runs = {}
    try:
        reuse = args.reuse and database_exists(args.db)
        if reuse and not database_holds_data(args.db, args.customers):
            log("  --reuse: the database lacks today's data; building it again")
            reuse = False
        if reuse:
            log("==> reusing the existing database and data")
        else:
            log("==> dropping any old database, installing the addon")
            t0 = time.perf_counter()
            install_with_retries(
                conf,
                args.db,
                os.path.join(workdir.name, "install.log"),
                args.install_retries,
                args.install_wait,
            )
            phases["install"] = time.perf_counter() - t0

        odoo.tools.config.parse_config(["-c", conf], setup_logging=True)
        registry = Registry(args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            user_ids = ensure_users(env)
            info = check_company(env)
        info["reviewer_id"] = info["admin_id"]
        if info["reviewer"]:
            raise SystemExit(
                f"the company has a reviewer ({info['reviewer']}); expected none"
            )
        if reuse:
            reset_review_state(args.db, info["activity_type_id"])
        else:
            log(f"==> loading {args.customers} customer files with COPY")
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                phases["data load (COPY)"] = load_customers(
                    env, args.customers, user_ids, args.seed
                )
        odoo.sql_db.close_db(args.db)
        Registry.delete(args.db)
        registry = None
        log("==> VACUUM (ANALYZE) res_partner")
        phases["vacuum analyze"] = vacuum_analyze(args.db)

        before = database_state(args.db, info)
        for label in ("first", "second"):
            log(f"==> {label} run of the cron in a fresh process")
            t0 = time.perf_counter()
            result = spawn_cron(
                args,
                conf,
                workdir.name,
                label,
                py_spy=args.py_spy if label == "first" else None,
            )
            phases[f"{label} run (process)"] = time.perf_counter() - t0
            if result is None:
                break
            result["state"] = database_state(args.db, info)
            runs[label] = result
    finally:
        if registry is not None:
            odoo.sql_db.close_db(args.db)
            Registry.delete(args.db)
        if not args.keep:
            t0 = time.perf_counter()
            drop_database(args.db)
            phases["drop database"] = time.perf_counter() - t0
        workdir.cleanup()

    report(args, info, before, runs, phases, time.perf_counter() - started)
    return 0 if len(runs) == 2 else 1


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------


def memory_figures(result):
    """RSS after the first and the last batch, and the growth in between."""
    batches = [b for b in result["batches"] if b["rss"] is not None]
    samples = [rss for _t, rss in result["samples"] if rss is not None]
    figures = {
        "baseline": result["baseline_rss_mib"],
        "peak": result["peak_rss_mib"],
        "load_peak": result["load_peak_rss_mib"],
        "call_peak": result["call_peak_rss_mib"],
        "sampled_max": max(samples) if samples else None,
    }
    if len(batches) >= 2:
        figures["first_batch"] = batches[0]["rss"]
        figures["last_batch"] = batches[-1]["rss"]
        figures["growth"] = batches[-1]["rss"] - batches[0]["rss"]
        # Least-squares slope of RSS over the batches (MiB per batch).
        xs = list(range(len(batches)))
        ys = [b["rss"] for b in batches]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        figures["slope"] = sum(
            (x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)
        ) / sum((x - mean_x) ** 2 for x in xs)
    return figures


def report_batches(result):
    log(
        f"    {'batch':>5}{'tasks done':>11}{'to go':>8}{'at s':>8}"
        f"{'batch s':>9}{'queries':>9}{'RSS MiB':>9}"
    )
    previous_t, previous_q = None, None
    for index, batch in enumerate(result["batches"], 1):
        took = batch["t"] - previous_t if previous_t is not None else None
        queries = batch["queries"] - previous_q if previous_q is not None else None
        log(
            f"    {index:>5}{batch['done']:>11}{batch['remaining']:>8}"
            f"{batch['t']:>8.1f}"
            f"{(f'{took:.2f}' if took is not None else '-'):>9}"
            f"{(str(queries) if queries is not None else '-'):>9}"
            f"{batch['rss']:>9.1f}"
        )
        previous_t, previous_q = batch["t"], batch["queries"]


def report(args, info, before, runs, phases, wall):
    log()
    log(
        f"Company: review interval {info['interval']} days, no reviewer, so "
        "unassigned files go to the administrator"
    )
    log("Database before the first run: " + json.dumps(before))
    for label, result in runs.items():
        log()
        log(f"--- {label} run")
        log(f"    cron's own summary line: {json.dumps(result['summary'])}")
        log(f"    progress record: {json.dumps(result.get('progress'))}")
        log(
            f"    {result['queries']} SQL queries; child process "
            f"{result['process_seconds']:.1f} s in all (registry load included)"
        )
        if result["log_problems"]:
            log("    ERROR lines in its log:")
            for line in result["log_problems"]:
                log(f"      {line}")
        log("    database after: " + json.dumps(result["state"]))
        if result["batches"]:
            report_batches(result)
        log(f"    VmRSS (MiB) every {args.sample_interval} s (time since start):")
        cells = [f"{t:5.1f}s {rss:6.1f}" for t, rss in result["samples"] if rss]
        for start in range(0, len(cells), 8):
            log("      " + " | ".join(cells[start : start + 8]))

    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    expected = before["due"]
    log()
    log("=" * 78)
    log(
        f"Machine: {os.cpu_count()} logical cores ({affinity} usable), Python "
        f"{sys.version.split()[0]}, Odoo {odoo.release.version}; load average "
        f"at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    log(
        f"Data: {before['customers']} customer files, {expected} not verified "
        f"for over {info['interval']} days ({before['unassigned_due']} of them "
        f"unassigned), {SALESPEOPLE} salespeople; batch_size={args.batch_size}"
    )
    log(
        "Times: wall time of the method call plus the final commit, in a fresh "
        "process after the registry load"
    )
    log("-" * 78)
    log(f"{'':<34}{'first run':>14}{'second run':>14}")
    log("-" * 78)

    def row(title, values):
        log(f"{title:<34}" + "".join(f"{v:>14}" for v in values))

    labels = ("first", "second")

    def value(label, getter, fmt="{}"):
        result = runs.get(label)
        if result is None:
            return "crashed"
        try:
            figure = getter(result)
        except (KeyError, TypeError):
            return "-"
        return "-" if figure is None else fmt.format(figure)

    memory = {label: memory_figures(runs[label]) for label in runs}
    row("wall time (s)", [value(x, lambda r: r["seconds"], "{:.1f}") for x in labels])
    row(
        "flagged (cron's count)",
        [value(x, lambda r: r["summary"]["flagged"]) for x in labels],
    )
    row(
        "outdated in the table",
        [value(x, lambda r: r["state"]["outdated"]) for x in labels],
    )
    row(
        "cleared (cron's count)",
        [value(x, lambda r: r["summary"]["cleared"]) for x in labels],
    )
    previous = before["tasks"]
    created = {}
    for label in labels:
        if label in runs:
            created[label] = runs[label]["state"]["tasks"] - previous
            previous = runs[label]["state"]["tasks"]
    row("activities created", [created.get(x, "crashed") for x in labels])
    row(
        "activities (cron's count)",
        [value(x, lambda r: r["summary"]["tasks"]) for x in labels],
    )
    row("task batches", [value(x, lambda r: len(r["batches"])) for x in labels])
    row("SQL queries", [value(x, lambda r: r["queries"]) for x in labels])
    for title, key in (
        ("RSS before the call (MiB)", "baseline"),
        ("RSS after 1st batch (MiB)", "first_batch"),
        ("RSS after last batch (MiB)", "last_batch"),
        ("RSS growth 1st->last batch", "growth"),
        ("RSS slope (MiB/batch)", "slope"),
        ("RSS max of 0.5 s samples (MiB)", "sampled_max"),
        ("peak RSS ru_maxrss (MiB)", "peak"),
        ("VmHWM at the end (MiB)", "call_peak"),
        ("ru_maxrss of registry load (MiB)", "load_peak"),
    ):
        row(
            title,
            [
                f"{memory[x][key]:.1f}"
                if x in memory and memory[x].get(key) is not None
                else "-"
                for x in labels
            ],
        )
    log("-" * 78)
    reset = all(r["call_peak_rss_mib"] is not None for r in runs.values())
    log(
        "RSS: VmRSS when the cron logs the end of a batch. ru_maxrss: getrusage "
        "in the child at the end; "
        + (
            "the high-water mark was reset (/proc/self/clear_refs) after the "
            "registry load, so it and VmHWM are the peak of the cron call alone"
            if reset
            else "it could not be reset, so it includes the registry load"
        )
    )
    log("-" * 78)

    first, second = runs.get("first"), runs.get("second")
    checks = []
    if first:
        state = first["state"]
        checks += [
            (
                f"first run under {TARGET_SECONDS:.0f} s",
                first["seconds"] < TARGET_SECONDS,
                f"{first['seconds']:.1f} s",
            ),
        ]
        mem = memory["first"]
        if "growth" in mem:
            checks.append(
                (
                    "first run: flat memory",
                    mem["growth"] <= FLAT_TOLERANCE_MIB,
                    f"{mem['growth']:+.1f} MiB from batch 1 to "
                    f"{len(first['batches'])} (tolerance {FLAT_TOLERANCE_MIB:.0f})",
                )
            )
        else:
            checks.append(("first run: flat memory", False, "fewer than 2 batches"))
        checks += [
            (
                "first run flags every due file",
                state["outdated"] == expected and state["wrongly_flagged"] == 0,
                f"{state['outdated']} flagged of {expected} due, "
                f"{state['wrongly_flagged']} wrongly",
            ),
            (
                "first run: one task per file",
                created["first"] == expected
                and state["tasked_files"] == state["tasks"]
                and state["outdated_without_task"] == 0,
                f"{created['first']} created, {state['tasked_files']} files, "
                f"{state['outdated_without_task']} left without",
            ),
            (
                "tasks assigned to the right user",
                state["misassigned_tasks"] == 0,
                f"{state['misassigned_tasks']} misassigned",
            ),
        ]
    if second:
        checks += [
            (
                "second run: no new task",
                created["second"] == 0,
                f"{created['second']} created in {second['seconds']:.1f} s",
            ),
            (
                "second run: no new flag",
                second["state"]["outdated"] == expected
                and (second["summary"] or {}).get("flagged") == 0,
                f"{second['state']['outdated']} outdated",
            ),
        ]
    for title, passed, detail in checks:
        log(f"{title:<34}{'PASS' if passed else 'FAIL':>6}  {detail}")
    if len(runs) < 2:
        log(f"{'runs':<34}{'CRASH':>6}  only {len(runs)} of 2 runs finished")
    log("-" * 78)
    log("Phases: " + ", ".join(f"{name} {secs:.1f} s" for name, secs in phases.items()))
    log(f"Whole script: {wall:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
