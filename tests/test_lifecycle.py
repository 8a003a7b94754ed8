"""Install, upgrade and uninstall the addon on a database of its own.

Runs the real Odoo command line against the real PostgreSQL server of the
test run, then looks in the database for anything the addon left behind.
"""

import os
import subprocess
import sys
import uuid

import psycopg2
import pytest

ADDON = "realestate_customer_file"


@pytest.fixture(scope="module")
def lifecycle_db():
    conf = os.environ.get("RCF_ODOO_CONF")
    if not conf:
        pytest.fail("RCF_ODOO_CONF is not set: run this test through ./setup/test")
    name = f"rcf_lifecycle_{uuid.uuid4().hex[:8]}"
    yield conf, name
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


def odoo(conf, db, *args):
    cmd = [sys.executable, "-m", "odoo", "-c", conf, "-d", db, "--no-http"]
    cmd += ["--stop-after-init", "--log-level=warn", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def query(db, sql):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(sql)
        return cr.fetchall()


def leftovers(db):
    """Everything of the addon that should not survive an uninstall."""
    found = {}
    found["ir_model_data"] = query(
        db, f"SELECT model, name FROM ir_model_data WHERE module = '{ADDON}'"
    )
    found["tables"] = query(
        db,
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_name LIKE 'realestate%'",
    )
    found["columns"] = query(
        db,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND (column_name LIKE 'estate\\_%' "
        "OR column_name = 'is_estate_customer')",
    )
    found["indexes"] = query(
        db,
        "SELECT indexname FROM pg_indexes "
        "WHERE indexname LIKE 'res\\_partner\\_estate%'",
    )
    found["menus"] = query(
        db, "SELECT id FROM ir_ui_menu WHERE web_icon LIKE 'realestate_%'"
    )
    return {key: rows for key, rows in found.items() if rows}


def test_install_upgrade_uninstall_leaves_database_clean(lifecycle_db):
    conf, db = lifecycle_db
    odoo(conf, db, "-i", ADDON, "--without-demo=all")
    state = query(db, f"SELECT state FROM ir_module_module WHERE name = '{ADDON}'")
    assert state == [("installed",)]
    installed = leftovers(db)
    assert installed.get("ir_model_data"), "install created no records of the addon"
    assert installed.get("columns"), "install added no estate_ columns"

    odoo(conf, db, "-u", ADDON)
    after_upgrade = leftovers(db)
    assert sorted(after_upgrade["ir_model_data"]) == sorted(
        installed["ir_model_data"]
    ), "the upgrade changed the addon's records"

    uninstall = (
        f"env['ir.module.module'].search([('name', '=', '{ADDON}')])"
        ".button_immediate_uninstall(); env.cr.commit()"
    )
    cmd = [sys.executable, "-m", "odoo", "shell", "-c", conf, "-d", db]
    cmd += ["--no-http", "--log-level=warn"]
    result = subprocess.run(
        cmd, input=uninstall, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    state = query(db, f"SELECT state FROM ir_module_module WHERE name = '{ADDON}'")
    assert state == [("uninstalled",)], result.stderr[-3000:]
    assert leftovers(db) == {}, "the uninstall left the addon's data behind"
