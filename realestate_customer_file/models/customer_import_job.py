import base64
import datetime
import logging
import threading
import time

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import spreadsheet
from .customer_import_engine import COLUMNS, ImportRun

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Files above this size are imported in the background by a scheduled action.
FOREGROUND_MAX_BYTES = 512 * 1024


class RealestateCustomerImportJob(models.Model):
    """An uploaded customer file, processed in batches and resumable."""

    _name = "realestate.customer.import.job"
    _description = "Customer Import"
    _order = "id desc"

    name = fields.Char(string="File Name", required=True)
    file = fields.Binary(attachment=True, required=True)
    on_duplicate = fields.Selection(
        selection=[
            ("skip", "Skip the row"),
            ("update_empty", "Fill in the empty fields"),
            ("update_all", "Overwrite with the given values"),
        ],
        string="Existing Customers",
        default="skip",
        required=True,
    )
    create_missing = fields.Boolean(string="Create Unknown Tags and Categories")
    state = fields.Selection(
        selection=[
            ("queued", "Waiting"),
            ("running", "In Progress"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Imported By",
        default=lambda self: self.env.user,
        required=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    last_row = fields.Integer(
        string="Last Processed Row",
        help="Spreadsheet row up to which the file has been processed; a "
        "restarted import carries on after it.",
    )
    row_count = fields.Integer(string="Rows Processed")
    created_count = fields.Integer(string="Created")
    updated_count = fields.Integer(string="Updated")
    skipped_count = fields.Integer(string="Skipped")
    failed_count = fields.Integer(string="Failed")
    message = fields.Text(readonly=True)
    error_ids = fields.One2many(
        comodel_name="realestate.customer.import.error",
        inverse_name="job_id",
        string="Errors",
        domain=[("outcome", "=", "failed")],
    )
    skipped_ids = fields.One2many(
        comodel_name="realestate.customer.import.error",
        inverse_name="job_id",
        string="Skipped Rows",
        domain=[("outcome", "=", "skipped")],
    )
    error_file = fields.Binary(string="Error Report", attachment=True, readonly=True)
    error_filename = fields.Char()

    def _read(self):
        self.ensure_one()
        data = base64.b64decode(self.file)
        header, rows = spreadsheet.read_rows(data, self.name)
        columns, unknown = spreadsheet.match_columns(header, COLUMNS)
        if "name" not in columns.values():
            raise spreadsheet.SpreadsheetError("file_no_header")
        return header, columns, unknown, rows

    def _run(self, commit=False, time_limit=None):
        """Process the rows after ``last_row``, a batch at a time.

        With ``commit`` each batch is committed with the job's progress, so a
        crash or a restart loses at most the batch in hand. Stops early after
        ``time_limit`` seconds and leaves the job running.
        """
        self.ensure_one()
        started = time.monotonic()
        try:
            header, columns, unknown, rows = self._read()
        except spreadsheet.SpreadsheetError as error:
            self.write({"state": "failed", "message": _file_error(self.env, error)})
            return
        values = {"state": "running"}
        if unknown:
            values["message"] = _unknown_columns_message(self.env, unknown)
        self.write(values)
        engine = ImportRun(
            self.with_user(self.user_id).env,
            header,
            columns,
            self.name,
            on_duplicate=self.on_duplicate,
            create_missing=self.create_missing,
        )
        batch_size = self.env.context.get("customer_import_batch_size", BATCH_SIZE)
        batch = []
        try:
            for row, values in rows:
                if row <= self.last_row:
                    continue
                batch.append((row, values))
                if len(batch) >= batch_size:
                    self._save_batch(engine, batch, header)
                    batch = []
                    # The saved customers are not needed again: keep the
                    # cache, hence memory, to one batch however long the file.
                    self.env.invalidate_all()
                    if commit:
                        # Each batch is committed with the job's progress, so
                        # an interrupted import resumes after it.
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                        self._notify_cron_progress()
                    if (
                        time_limit is not None
                        and time.monotonic() - started > time_limit
                    ):
                        return
        except spreadsheet.SpreadsheetError as error:
            # The rows read so far are kept; the message says where it broke.
            if batch:
                self._save_batch(engine, batch, header)
                batch = []
            self._finish(header)
            self.write(
                {
                    "state": "failed",
                    "message": self.env._(
                        "The file could not be read after row %(row)s: "
                        "%(reason)s The rows before it were imported.",
                        row=self.last_row or 1,
                        reason=_file_error(self.env, error),
                    ),
                }
            )
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            return
        if batch:
            self._save_batch(engine, batch, header)
        self._finish(header)
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info(
            "customer import job %d done: %d created, %d updated, %d skipped, "
            "%d failed in %.1fs",
            self.id,
            self.created_count,
            self.updated_count,
            self.skipped_count,
            self.failed_count,
            time.monotonic() - started,
        )

    def _save_batch(self, engine, batch, header):
        engine.results = []
        before = dict(engine.counts)
        engine.process(batch)
        self.env["realestate.customer.import.error"].create(
            [
                {
                    "job_id": self.id,
                    "row": row,
                    "column": column,
                    "message": "\n".join(messages),
                    "values_json": [_jsonable(value) for value in values],
                }
                for row, values, messages, column in engine.failed_rows_for_report()
            ]
            + [
                {
                    "job_id": self.id,
                    "outcome": "skipped",
                    "row": row,
                    "message": "\n".join(messages),
                }
                for row, messages in engine.skipped_rows_for_report()
            ]
        )
        self.write(
            {
                "last_row": batch[-1][0],
                "row_count": self.row_count + len(batch),
                "created_count": self.created_count
                + engine.counts["created"]
                - before["created"],
                "updated_count": self.updated_count
                + engine.counts["updated"]
                - before["updated"],
                "skipped_count": self.skipped_count
                + engine.counts["skipped"]
                - before["skipped"],
                "failed_count": self.failed_count
                + engine.counts["failed"]
                - before["failed"],
            }
        )

    def _finish(self, header):
        values = {"state": "done"}
        if self.error_ids:
            labels = (self.env._("Row"), self.env._("Errors"))
            report = spreadsheet.write_error_workbook(
                header,
                [
                    (
                        error.row,
                        [_from_json(value) for value in error.values_json or []],
                        error.message.split("\n"),
                    )
                    for error in self.error_ids.sorted("row")
                ],
                labels=labels,
            )
            stem = self.name.rsplit(".", 1)[0]
            values["error_file"] = base64.b64encode(report)
            values["error_filename"] = self.env._("%(name)s - errors.xlsx", name=stem)
        self.write(values)

    def _notify_cron_progress(self):
        if self.env.context.get("ir_cron_progress_id"):
            jobs = self.search([("state", "in", ("queued", "running"))])
            # Work done counts: a worker killed after committed batches is then
            # not a failure, and the scheduled action runs again at once.
            self.env["ir.cron"]._notify_progress(
                done=self.row_count, remaining=len(jobs)
            )

    def result(self):
        """What import_file() returns: counts and errors."""
        self.ensure_one()
        return {
            "job_id": self.id,
            "state": self.state,
            "message": self.message or "",
            "rows": self.row_count,
            "created": self.created_count,
            "updated": self.updated_count,
            "skipped": self.skipped_count,
            "failed": self.failed_count,
            "errors": [
                {
                    "row": error.row,
                    "column": error.column or "",
                    "message": error.message,
                }
                for error in self.error_ids.sorted("row")
            ],
            "skipped_rows": [
                {"row": line.row, "message": line.message}
                for line in self.skipped_ids.sorted("row")
            ],
        }

    def action_run_now(self):
        for job in self:
            if job.state not in ("queued", "running"):
                raise UserError(self.env._("This import has already finished."))
            job._run()

    def action_download_errors(self):
        self.ensure_one()
        if not self.error_file:
            raise UserError(self.env._("This import has no errors to report."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/error_file/"
            f"{self.error_filename}?download=true",
            "target": "download",
        }

    @api.model
    def _cron_process_import_jobs(self, time_limit=90):
        """Carry on with every waiting or interrupted import.

        ``time_limit`` stays below the 120 seconds a worker is given by
        default (``limit_time_real``), so a run ends on its own terms.
        """
        # Tests run inside one transaction that must not be committed.
        commit = not getattr(threading.current_thread(), "testing", False)
        jobs = self.search([("state", "in", ("queued", "running"))], order="id")
        for done, job in enumerate(jobs):
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(jobs) - done)
            job._run(commit=commit, time_limit=time_limit)
            if job.state == "running":
                # Out of time: the next run carries on from job.last_row.
                self.env.ref(
                    "realestate_customer_file.ir_cron_process_customer_imports"
                )._trigger()
                return


def _jsonable(value):
    """A cell as JSON; dates and times keep their type for the error report."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return {type(value).__name__: value.isoformat()}
    return str(value)


def _from_json(value):
    """The cell ``_jsonable()`` stored, as it came from the file."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, text),) = value.items()
        parse = {
            "datetime": datetime.datetime.fromisoformat,
            "date": datetime.date.fromisoformat,
            "time": datetime.time.fromisoformat,
        }.get(kind)
        if parse:
            return parse(text)
    return value


def _unknown_columns_message(env, labels):
    return env._(
        "These columns were not recognised and were left out: %(columns)s.",
        columns=", ".join(labels),
    )


def _file_error(env, error):
    messages = {
        "file_empty": env._("The file is empty."),
        "file_format": env._(
            "This file format is not supported; save it as .xlsx or .csv."
        ),
        "file_encoding": env._(
            "The file's text encoding was not recognised; save it as UTF-8 "
            "or GB18030 (GBK) CSV, or as .xlsx."
        ),
        "file_no_header": env._(
            "No header row with a name column (姓名 / name) was found; start "
            "from the template."
        ),
        "file_unreadable": env._("The file is damaged and cannot be read."),
    }
    return messages.get(error.code, str(error))
