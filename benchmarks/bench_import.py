#!/usr/bin/env python3
"""Benchmark of the customer import of realestate_customer_file.

Generates one deterministic file of N synthetic customers (name, mobile,
email, city, street, ID type and number, level, stage), then imports it:

  standard  Odoo's own import (base_import) into res.partner, the way the web
            client drives it: one execute_import() call per batch of 2,000 rows
            (options "limit" and "skip"), each batch committed in its own
            transaction, tracking off, from the Customer Files list (context
            default_is_estate_customer, so the addon's checks run);
  ours      the addon's import engine, realestate.customer.import.import_file(),
            on the same rows as a CSV with the template's Chinese headers,
            committed at the end;
  xlsx100k  the addon's engine on a larger XLSX file (--big-rows), for memory.

Each import runs in a freshly installed database and in its own subprocess
(the script runs itself with --phase), whose RSS high-water mark
(getrusage ru_maxrss) is its peak memory. Both run as the administrator (a
Customer Files manager). The figures are wall times of the import itself: the
registry is loaded before the clock starts.

PostgreSQL is reached through the usual PG* variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD). All the data is synthetic. It is a benchmark, not a test: it exits
0 whatever the figures, and non-zero only when something crashes.

    PGHOST=127.0.0.1 PGPORT=5432 PGUSER=root python3 benchmarks/bench_import.py
"""

import argparse
import base64
import csv
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import xlsxwriter
from bench_search import (
    ADDON,
    CITIES,
    GIVEN,
    PROJECT_DIR,
    SURNAMES,
    database_exists,
    drop_database,
    install_addon,
    log,
    odoo_addons_path,
    synthetic_id_number,
    synthetic_mobile,
    write_config,
)

import odoo
import odoo.sql_db
from odoo import api
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry

TARGET_RATIO = 3.0
TARGET_BIG_MIB = 1024
PHASES = ("standard", "ours", "xlsx100k")
DB_SUFFIXES = {"standard": "a", "ours": "b", "xlsx100k": "c"}

# Synthetic customers. Surnames in pinyin, for e-mail addresses.
SURNAME_PINYIN = (
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo"
).split()
EMAIL_DOMAINS = ("example.com", "example.cn", "example.net", "example.org")
ROADS = ("人民路", "解放路", "中山路", "建设路", "文三路", "天府大道", "南京路")
ROADS += ("长安街", "滨江大道", "学院路")
# Selection labels: the standard import and ours both accept a value's label
# (or its technical key); these are the labels the template's lists show.
LEVELS = ("A - Hot", "B - Warm", "B - Warm", "C - Cool", "C - Cool", "D - Cold")
STAGES = ["Prospect"] * 10 + ["Visited"] * 4 + ["Reserved", "Subscribed"]
STAGES += ["Signed", "Signed", "Lost"]
# The ID type: ours reads the Chinese word of the template; the standard import
# only knows the English label (or key) of the selection.
ID_TYPE_OURS = "身份证"
ID_TYPE_STANDARD = "Mainland Resident ID Card"

# Columns: (key, header of our template, header of the standard CSV, field).
COLUMNS = [
    ("name", "姓名", "Name", "name"),
    ("mobile", "手机", "Mobile", "mobile"),
    ("email", "邮箱", "Email", "email"),
    ("city", "城市", "City", "city"),
    ("street", "详细地址", "Street", "street"),
    ("id_type", "证件类型", "ID Type", "estate_id_type"),
    ("id_number", "证件号码", "ID Number", "estate_id_number"),
    ("level", "客户等级", "Level", "estate_level"),
    ("stage", "客户阶段", "Stage", "estate_stage"),
]
# What the web client sends to execute_import (base_import/static/src), the
# CSV formatting options as parse_preview detected them.
STANDARD_OPTIONS = {
    "advanced": True,
    "date_format": "",
    "datetime_format": "",
    "encoding": "utf-8",
    "fallback_values": {},
    "float_decimal_separator": ".",
    "float_thousand_separator": ",",
    "has_headers": True,
    "import_set_empty_fields": [],
    "import_skip_records": [],
    "keep_matches": False,
    "name_create_enabled_fields": {},
    "quoting": '"',
    "separator": ",",
    "sheet": "",
    "sheets": [],
    "skip": 0,
    "tracking_disable": True,
}
# The context of the Customer Files list, whose Import button a user would use
# (without default_user_id: ours leaves customers unassigned too).
STANDARD_CONTEXT = {
    "lang": "en_US",
    "tz": "Asia/Shanghai",
    "default_is_estate_customer": True,
    "default_is_company": False,
    "tracking_disable": True,
}
# Stored fields compared across databases to show both imports stored the same.
DIGEST_SQL = (
    "SELECT name, mobile, email, city, street, estate_id_type, "
    "estate_id_number_stored, estate_level, estate_stage, estate_birthdate "
    "FROM res_partner WHERE is_estate_customer ORDER BY estate_id_number_stored"
)


# ----------------------------------------------------------------------------
# Data files
# ----------------------------------------------------------------------------


def customer(n):
    """The cells of customer number n (1-based), the same in every file."""
    surname = n % len(SURNAMES)
    name = (
        SURNAMES[surname]
        + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        + GIVEN[(n * 7 // len(SURNAMES)) % len(GIVEN)]
    )
    mobile = synthetic_mobile(n).removeprefix("+86")
    if n % 3 == 0:  # a third typed as "138 0013 8000"
        mobile = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    id_number, _birth, _gender = synthetic_id_number(n)
    city = CITIES[n % len(CITIES)]
    return {
        "name": name,
        "mobile": mobile,
        "email": f"{SURNAME_PINYIN[surname]}.{n:06d}@"
        f"{EMAIL_DOMAINS[n % len(EMAIL_DOMAINS)]}",
        "city": city,
        "street": f"{ROADS[(n * 13) % len(ROADS)]}{n % 998 + 1}号",
        "id_number": id_number,
        "level": LEVELS[(n * 17) % len(LEVELS)],
        "stage": STAGES[(n * 31) % len(STAGES)],
    }


def row_cells(n, id_type):
    cells = customer(n)
    cells["id_type"] = id_type
    return [cells[key] for key, *_rest in COLUMNS]


def write_csv(path, rows, headers, id_type):
    with open(path, "w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output)
        writer.writerow(headers)
        for n in range(1, rows + 1):
            writer.writerow(row_cells(n, id_type))
    return Path(path).stat().st_size


def write_xlsx(path, rows):
    """Our template's columns; every cell a string, as the template asks."""
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet("客户")
        text = workbook.add_format({"num_format": "@"})
        sheet.write_row(0, 0, [ours for _k, ours, _s, _f in COLUMNS], text)
        for n in range(1, rows + 1):
            for col, value in enumerate(row_cells(n, ID_TYPE_OURS)):
                sheet.write_string(n, col, value, text)
    return Path(path).stat().st_size


# ----------------------------------------------------------------------------
# Phases: each runs in its own process (the script run with --phase)
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


def count_customers(registry):
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM res_partner WHERE is_estate_customer")
        return cr.fetchone()[0]


def data_digest(registry):
    digest = hashlib.sha256()
    with registry.cursor() as cr:
        cr.execute(DIGEST_SQL)
        for row in cr.fetchall():
            digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def addon_fingerprint(addon_dir=None):
    """Digest of the addon's files: another engineer may edit it meanwhile."""
    root = Path(addon_dir or PROJECT_DIR / ADDON)
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            try:
                digest.update(path.read_bytes())
            except OSError:  # removed while we read
                digest.update(b"?")
    return digest.hexdigest()[:12]


def admin_uid(registry):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        return env.ref("base.user_admin").id


def standard_import(registry, uid, data, rows, batch):
    """base_import the way the web client does: a transaction per batch."""
    fields = [field for *_rest, field in COLUMNS]
    columns = [standard.strip().lower() for _k, _o, standard, _f in COLUMNS]
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, STANDARD_CONTEXT)
        import_id = (
            env["base_import.import"]
            .create(
                {
                    "res_model": "res.partner",
                    "file": data,
                    "file_type": "text/csv",
                    "file_name": "customers.csv",
                }
            )
            .id
        )
    skip, imported, batches, errors = 0, 0, 0, []
    while True:
        options = dict(STANDARD_OPTIONS, limit=batch, skip=skip)
        with registry.cursor() as cr:  # one RPC: commits at the end
            env = api.Environment(cr, uid, STANDARD_CONTEXT)
            result = (
                env["base_import.import"]
                .browse(import_id)
                .execute_import(fields, columns, options)
            )
        batches += 1
        imported += len(result.get("ids") or [])
        errors += [
            {"row": message.get("rows", {}).get("from"), "message": message["message"]}
            for message in result.get("messages", [])
            if message.get("type") == "error"
        ]
        if not result.get("nextrow"):
            break
        skip = result["nextrow"]
    return {
        "reported_created": imported,
        "failed": rows - imported,
        "errors": errors,
        "batches": batches,
    }


def ours_import(registry, uid, data, filename):
    file_b64 = base64.b64encode(data)
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {"lang": "en_US", "tz": "Asia/Shanghai"})
        result = env["realestate.customer.import"].import_file(file_b64, filename)
        cr.commit()
    return {
        "reported_created": result["created"],
        "failed": result["failed"],
        "skipped": result["skipped"],
        "rows_read": result["rows"],
        "state": result["state"],
        "errors": result["errors"],
    }


def run_phase(args):
    """Child process: import the file into args.db, write the figures."""
    odoo.tools.config.parse_config(["-c", args.conf], setup_logging=True)
    fingerprint = addon_fingerprint(get_module_path(ADDON))
    registry = Registry(args.db)
    try:
        uid = admin_uid(registry)
        before = count_customers(registry)
        data = Path(args.file).read_bytes()
        baseline = rss_now_mib()
        if args.tracemalloc:
            tracemalloc.start()
        start = time.perf_counter()
        if args.phase == "standard":
            result = standard_import(registry, uid, data, args.rows, args.batch)
        else:
            result = ours_import(registry, uid, data, Path(args.file).name)
        seconds = time.perf_counter() - start
        if args.tracemalloc:
            result["tracemalloc_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        result.update(
            seconds=seconds,
            load_average=os.getloadavg()[0],
            peak_rss_mib=peak_rss_mib(),
            baseline_rss_mib=baseline,
            created=count_customers(registry) - before,
            digest=data_digest(registry) if args.phase != "xlsx100k" else None,
        )
    finally:
        odoo.sql_db.close_db(args.db)
        Registry.delete(args.db)
    result["addon_fingerprint"] = fingerprint
    result["errors_total"] = len(result["errors"])
    result["errors"] = result["errors"][:10]
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")
    return 0


# ----------------------------------------------------------------------------
# Parent process
# ----------------------------------------------------------------------------


def install_with_retries(conf, db, log_path, retries, wait):
    """Install the addon; the addon may be mid-edit, so retry after a wait."""
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


def run_child(args, phase, db, conf, path, rows, workdir):
    result_path = os.path.join(workdir, f"{phase}.json")
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        phase,
        "--db",
        db,
        "--conf",
        conf,
        "--file",
        str(path),
        "--rows",
        str(rows),
        "--batch",
        str(args.batch),
        "--result",
        result_path,
    ]
    if args.tracemalloc:
        command.append("--tracemalloc")
    if args.py_spy:
        os.makedirs(args.py_spy, exist_ok=True)
        profile = os.path.join(args.py_spy, f"{phase}.txt")
        command = [
            "py-spy",
            "record",
            "--format",
            "raw",
            "--rate",
            "50",
            "--idle",
            "--output",
            profile,
            "--",
            *command,
        ]
    log(f"    $ {' '.join(command)}")
    completed = subprocess.run(command, cwd=workdir, check=False)
    if completed.returncode != 0 or not os.path.exists(result_path):
        return None
    return json.loads(Path(result_path).read_text(encoding="utf-8"))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db-prefix",
        default="rcf_bench_import",
        help="databases are PREFIX_a (standard), _b (ours), _c (big XLSX)",
    )
    parser.add_argument("--rows", type=int, default=20_000, help="rows to import")
    parser.add_argument(
        "--big-rows",
        type=int,
        default=100_000,
        help="rows of the XLSX memory run (0: skip it)",
    )
    parser.add_argument(
        "--phases",
        default=",".join(PHASES),
        help=f"comma-separated imports to run (default: {','.join(PHASES)})",
    )
    parser.add_argument(
        "--batch", type=int, default=2000, help="rows per standard import batch"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="do not drop the databases (nor the work folder) at the end",
    )
    parser.add_argument(
        "--addons-path", help="Odoo addons path (default: derived from odoo)"
    )
    parser.add_argument(
        "--install-retries",
        type=int,
        default=3,
        help="retries of a failed install (the addon may be mid-edit)",
    )
    parser.add_argument(
        "--retry-wait", type=float, default=60, help="seconds before a retry"
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also report the tracemalloc peak (slows the imports down)",
    )
    parser.add_argument(
        "--py-spy",
        metavar="DIR",
        help="profile each import with py-spy record (raw stacks into DIR)",
    )
    # Internal: one import in a child process.
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--conf", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rows < 1 or args.big_rows < 0 or args.batch < 1:
        parser.error("--rows and --batch must be positive, --big-rows >= 0")
    args.phases = [name.strip() for name in args.phases.split(",") if name.strip()]
    if not args.phases or set(args.phases) - set(PHASES):
        parser.error(f"--phases takes names among {', '.join(PHASES)}")
    if args.phase and not (args.db and args.conf and args.file and args.result):
        parser.error("--phase needs --db, --conf, --file and --result")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.phase:
        return run_phase(args)

    started = time.perf_counter()
    workdir_obj = tempfile.TemporaryDirectory(prefix="rcf_bench_import_")
    workdir = workdir_obj.name
    conf = os.path.join(workdir, "odoo.conf")
    addons_path = args.addons_path or odoo_addons_path()
    write_config(conf, addons_path, os.path.join(workdir, "data"))

    log(f"Benchmark of {ADDON} imports")
    log(f"  {args.rows} rows (standard import in batches of {args.batch})")
    log(f"  big XLSX: {args.big_rows or 'skipped'} rows; imports: {args.phases}")
    log(f"  work folder {workdir}")
    log(f"  addons path {addons_path}")

    log("==> generating the files")
    t0 = time.perf_counter()
    files, sizes = {}, {}
    if "standard" in args.phases:
        files["standard"] = (
            os.path.join(workdir, "customers_standard.csv"),
            args.rows,
        )
        sizes["standard"] = write_csv(
            files["standard"][0],
            args.rows,
            [standard for _k, _o, standard, _f in COLUMNS],
            ID_TYPE_STANDARD,
        )
    if "ours" in args.phases:
        files["ours"] = (os.path.join(workdir, "customers_ours.csv"), args.rows)
        sizes["ours"] = write_csv(
            files["ours"][0],
            args.rows,
            [ours for _k, ours, _s, _f in COLUMNS],
            ID_TYPE_OURS,
        )
    if args.big_rows and "xlsx100k" in args.phases:
        files["xlsx100k"] = (
            os.path.join(workdir, "customers_big.xlsx"),
            args.big_rows,
        )
        sizes["xlsx100k"] = write_xlsx(files["xlsx100k"][0], args.big_rows)
    for phase, (path, rows) in files.items():
        log(f"    {Path(path).name}: {rows} rows, {sizes[phase] / 2**20:.1f} MiB")
    log(f"    ({time.perf_counter() - t0:.1f} s)")

    results, crashed, phase_times = {}, [], {}
    try:
        for phase, (path, rows) in files.items():
            db = f"{args.db_prefix}_{DB_SUFFIXES[phase]}"
            log(f"==> {phase}: installing {ADDON} in a fresh database {db!r}")
            installed_fingerprint = addon_fingerprint()
            t0 = time.perf_counter()
            try:
                install_with_retries(
                    conf,
                    db,
                    os.path.join(workdir, f"install_{phase}.log"),
                    args.install_retries,
                    args.retry_wait,
                )
            except SystemExit as error:
                log(f"    {error}")
                crashed.append(phase)
                continue
            log(f"    installed in {time.perf_counter() - t0:.1f} s")
            log(f"==> {phase}: importing {rows} rows from {Path(path).name}")
            t0 = time.perf_counter()
            result = run_child(args, phase, db, conf, path, rows, workdir)
            phase_times[phase] = time.perf_counter() - t0
            if result is None:
                log(f"    the {phase} import crashed")
                crashed.append(phase)
            else:
                result["rows"] = rows
                result["installed_fingerprint"] = installed_fingerprint
                results[phase] = result
                log(
                    f"    {result['seconds']:.1f} s, {result['created']} created, "
                    f"{result['failed']} failed, peak RSS "
                    f"{result['peak_rss_mib']:.0f} MiB"
                )
            if not args.keep:
                drop_database(db)
    finally:
        if args.keep:
            log(f"  kept the databases and the work folder {workdir}")
        else:
            for phase in files:
                db = f"{args.db_prefix}_{DB_SUFFIXES[phase]}"
                if database_exists(db):
                    drop_database(db)
            workdir_obj.cleanup()

    report(args, results, crashed, time.perf_counter() - started)
    return 1 if crashed else 0


def rows_label(rows):
    return f"{rows // 1000}k" if rows >= 1000 and rows % 1000 == 0 else str(rows)


def report(args, results, crashed, wall):
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    labels = {
        "standard": "standard base_import (CSV)",
        "ours": "ours import_file (CSV)",
        "xlsx100k": "ours import_file (XLSX)",
    }
    log()
    for phase, result in results.items():
        if result["errors"]:
            log(f"--- first errors of {labels[phase]} ({result['errors_total']})")
            for error in result["errors"]:
                message = " ".join(str(error["message"]).split())[:150]
                log(f"    row {error['row']}: {message}")
    log("=" * 78)
    log(
        f"Machine: {os.cpu_count()} logical cores ({affinity} usable), Python "
        f"{sys.version.split()[0]}, Odoo {odoo.release.version}; load average "
        "at each import's end: "
        + ", ".join(f"{phase} {r['load_average']:.1f}" for phase, r in results.items())
    )
    log("Seconds: wall time of the import alone, in its own process;")
    log("peak RSS: ru_maxrss of that process (Odoo registry included)")
    log("-" * 78)
    log(
        f"{'importer':<28}{'rows':>8}{'seconds':>9}{'rows/s':>9}"
        f"{'peak RSS MiB':>14}{'created':>9}{'failed':>8}"
    )
    log("-" * 78)
    for phase in PHASES:
        if phase in crashed:
            log(f"{labels[phase]:<28}  CRASHED")
            continue
        if phase not in results:
            continue
        r = results[phase]
        log(
            f"{labels[phase]:<28}{r['rows']:>8}{r['seconds']:>9.1f}"
            f"{r['rows'] / r['seconds']:>9.0f}{r['peak_rss_mib']:>14.0f}"
            f"{r['created']:>9}{r['failed']:>8}"
        )
    log("-" * 78)
    for phase, r in results.items():
        extra = f"RSS after registry load {r['baseline_rss_mib']:.0f} MiB"
        if "tracemalloc_peak_mib" in r:
            extra += f", tracemalloc peak {r['tracemalloc_peak_mib']:.0f} MiB"
        if "batches" in r:
            extra += f", {r['batches']} batches"
        if "skipped" in r:
            extra += f", {r['skipped']} skipped"
        log(f"{labels[phase]}: {extra}")
    standard, ours = results.get("standard"), results.get("ours")
    if standard and ours:
        same = standard["digest"] == ours["digest"]
        log(
            "stored customers identical in both databases: "
            f"{'yes' if same else 'NO'} ({standard['digest']} / {ours['digest']})"
        )
        ratio = standard["seconds"] / ours["seconds"]
        verdict = "PASS" if ratio >= TARGET_RATIO else "FAIL"
        log(
            f"ratio ours/standard = {ratio:.1f} (target >= {TARGET_RATIO:.0f})  "
            f"{verdict}"
        )
    big = results.get("xlsx100k")
    if big:
        verdict = "PASS" if big["peak_rss_mib"] < TARGET_BIG_MIB else "FAIL"
        log(
            f"{rows_label(args.big_rows)} XLSX peak RSS = "
            f"{big['peak_rss_mib']:.0f} MiB (target < {TARGET_BIG_MIB})  {verdict}"
        )
    fingerprints = {
        phase: (r["installed_fingerprint"], r["addon_fingerprint"])
        for phase, r in results.items()
    }
    log(
        "addon code (installed / imported with): "
        + ", ".join(f"{phase} {a}/{b}" for phase, (a, b) in fingerprints.items())
    )
    if len({code for pair in fingerprints.values() for code in pair}) > 1:
        log(
            "WARNING the addon changed during the run (edited meanwhile): the "
            "imports did not all run the same code"
        )
    log(f"Whole script: {wall:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
