import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.customer_import_engine import COLUMNS, ImportRun
from ..models.customer_import_job import (
    BATCH_SIZE,
    FOREGROUND_MAX_BYTES,
    _file_error,
    _unknown_columns_message,
)
from ..tools import spreadsheet


class RealestateCustomerImport(models.TransientModel):
    _name = "realestate.customer.import"
    _description = "Import Customers"

    file = fields.Binary()
    filename = fields.Char()
    on_duplicate = fields.Selection(
        selection=[
            ("skip", "Skip the row"),
            ("update_empty", "Fill in the empty fields"),
            ("update_all", "Overwrite with the given values"),
        ],
        string="Existing Customers",
        default="skip",
        required=True,
        help="What to do with a row whose mobile or ID number belongs to a "
        "customer already on file.",
    )
    create_missing = fields.Boolean(
        string="Create Unknown Tags and Categories",
        help="Otherwise a row naming an unknown tag or category is reported "
        "as an error.",
    )
    state = fields.Selection(
        selection=[("upload", "Upload"), ("checked", "Checked"), ("done", "Done")],
        default="upload",
    )
    job_id = fields.Many2one(comodel_name="realestate.customer.import.job")
    job_state = fields.Selection(related="job_id.state", string="Import Status")
    row_count = fields.Integer(string="Rows", readonly=True)
    created_count = fields.Integer(string="To Create / Created", readonly=True)
    updated_count = fields.Integer(string="To Update / Updated", readonly=True)
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    failed_count = fields.Integer(string="With Errors", readonly=True)
    message = fields.Text(readonly=True)
    line_ids = fields.One2many(
        comodel_name="realestate.customer.import.line",
        inverse_name="wizard_id",
        string="Row Checks",
    )

    # ------------------------------------------------------------ engine API

    @api.model
    def import_file(
        self,
        file_b64,
        filename,
        dry_run=False,
        on_duplicate="skip",
        create_missing=False,
    ):
        """Import a customer spreadsheet without the web client.

        Returns the counts of created, updated, skipped and failed rows and the
        errors as a list of {"row", "column", "message"}, and the rows skipped
        as duplicates with the reason ({"row", "message"}, naming the owner of
        the customer on file and since when). A dry run writes nothing.
        """
        if on_duplicate not in ("skip", "update_empty", "update_all"):
            raise UserError(
                self.env._("on_duplicate must be skip, update_empty or update_all.")
            )
        if dry_run:
            return self._dry_run(
                _decode(self.env, file_b64), filename, on_duplicate, create_missing
            )
        job = self.env["realestate.customer.import.job"].create(
            {
                "name": filename,
                "file": file_b64,
                "on_duplicate": on_duplicate,
                "create_missing": create_missing,
            }
        )
        job._run()
        return job.result()

    @api.model
    def _dry_run(self, data, filename, on_duplicate, create_missing):
        try:
            header, rows = spreadsheet.read_rows(data, filename)
            columns, unknown = spreadsheet.match_columns(header, COLUMNS)
            if "name" not in columns.values():
                raise spreadsheet.SpreadsheetError("file_no_header")
        except spreadsheet.SpreadsheetError as error:
            return {"state": "failed", "message": _file_error(self.env, error)}
        engine = ImportRun(
            self.env,
            header,
            columns,
            filename,
            on_duplicate=on_duplicate,
            create_missing=create_missing,
            dry_run=True,
        )
        message = _unknown_columns_message(self.env, unknown) if unknown else ""
        batch_size = self.env.context.get("customer_import_batch_size", BATCH_SIZE)
        batch = []
        try:
            for item in rows:
                batch.append(item)
                if len(batch) >= batch_size:
                    engine.process(batch)
                    batch = []
        except spreadsheet.SpreadsheetError as error:
            return {"state": "failed", "message": _file_error(self.env, error)}
        if batch:
            engine.process(batch)
        results = sorted(engine.results, key=lambda result: result[0])
        return {
            "state": "checked",
            "message": message,
            "rows": len(results),
            **engine.counts,
            "errors": [
                {"row": row, "column": column, "message": "\n".join(messages)}
                for row, outcome, messages, _values, _partner, column in results
                if outcome == "failed"
            ],
            "skipped_rows": [
                {"row": row, "message": "\n".join(messages)}
                for row, outcome, messages, _values, _partner, _column in results
                if outcome == "skipped"
            ],
            "lines": [
                {"row": row, "outcome": outcome, "message": "\n".join(messages)}
                for row, outcome, messages, _values, _partner, _column in results
            ],
        }

    # ------------------------------------------------------------ the wizard

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Customers"),
        }

    def _check_file(self):
        if not self.file:
            raise UserError(self.env._("Choose a file to import first."))

    def action_validate(self):
        self.ensure_one()
        self._check_file()
        result = self._dry_run(
            _decode(self.env, self.file),
            self.filename or "customers.xlsx",
            self.on_duplicate,
            self.create_missing,
        )
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(line) for line in result.get("lines", [])
        ]
        self.write(
            {
                "state": "checked",
                "message": result.get("message", ""),
                "row_count": result.get("rows", 0),
                "created_count": result.get("created", 0),
                "updated_count": result.get("updated", 0),
                "skipped_count": result.get("skipped", 0),
                "failed_count": result.get("failed", 0),
            }
        )
        return self._reopen()

    def action_import(self):
        self.ensure_one()
        self._check_file()
        job = self.env["realestate.customer.import.job"].create(
            {
                "name": self.filename or "customers.xlsx",
                "file": self.file,
                "on_duplicate": self.on_duplicate,
                "create_missing": self.create_missing,
            }
        )
        values = {
            "state": "done",
            "job_id": job.id,
            "line_ids": [fields.Command.clear()],
        }
        if len(base64.b64decode(self.file)) <= FOREGROUND_MAX_BYTES:
            job._run()
            values["message"] = job.message or ""
        else:
            self.env.ref(
                "realestate_customer_file.ir_cron_process_customer_imports"
            )._trigger()
            values["message"] = self.env._(
                "The file is large: it is being imported in the background. "
                "Follow its progress under Customer Files > Imports."
            )
        values.update(
            row_count=job.row_count,
            created_count=job.created_count,
            updated_count=job.updated_count,
            skipped_count=job.skipped_count,
            failed_count=job.failed_count,
        )
        self.write(values)
        return self._reopen()

    def action_download_errors(self):
        self.ensure_one()
        return self.job_id.action_download_errors()

    def action_download_template(self):
        return {
            "type": "ir.actions.act_url",
            "url": "/realestate_customer_file/import_template",
            "target": "download",
        }

    def action_open_job(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "realestate.customer.import.job",
            "res_id": self.job_id.id,
            "view_mode": "form",
        }

    @api.model
    def _template_bytes(self):
        """The XLSX template, with today's lists of valid values."""
        Partner = self.env["res.partner"]
        labels = {
            key: Partner._fields[fname]._description_string(self.env)
            for key, fname in {
                "stage": "estate_stage",
                "level": "estate_level",
                "id_type": "estate_id_type",
            }.items()
        }

        def selection(fname):
            return [
                label
                for _v, label in Partner._fields[fname]._description_selection(self.env)
            ]

        lists = {
            self.env._("Categories"): self.env["realestate.customer.category"]
            .search([])
            .mapped("complete_name"),
            self.env._("Tags"): self.env["realestate.customer.tag"]
            .search([])
            .mapped("name"),
            labels["stage"]: selection("estate_stage"),
            labels["level"]: selection("estate_level"),
            labels["id_type"]: selection("estate_id_type"),
            self.env._("Sources"): self.env["realestate.customer.source"]
            .search([])
            .mapped("name"),
        }
        help_texts = {
            "name": self.env._("Required. The customer's full name."),
            "mobile": self.env._(
                "Mainland mobile in any format: 138 0013 8000, +86 13800138000."
            ),
            "id_type": self.env._(
                "Pick from the list; empty means mainland resident ID card."
            ),
            "id_number": self.env._(
                "Keep this column as text so that Excel does not round it."
            ),
            "tags": self.env._("Several tags separated by , ， ; or 、"),
            "salesperson": self.env._(
                "Login or name of the salesperson; empty leaves the customer "
                "unassigned."
            ),
        }
        # The header shows the Chinese label above the English key.
        columns = [
            (aliases[1], aliases[0], help_texts.get(key, ""))
            for key, aliases in COLUMNS.items()
        ]
        example = [
            "王伟",
            "138 0013 8000",
            "0571-8765 4321",
            "wang.wei@example.com",
            "浙江省",
            "杭州市",
            "西湖区",
            "文三路 100 号",
            selection("estate_id_type")[0],
            "11010519491231002X",
            lists[self.env._("Categories")][0]
            if lists[self.env._("Categories")]
            else "",
            "",
            selection("estate_level")[0],
            selection("estate_stage")[0],
            lists[self.env._("Sources")][0] if lists[self.env._("Sources")] else "",
            self.env.user.login,
            "",
        ]
        list_columns = {
            "category": self.env._("Categories"),
            "level": labels["level"],
            "stage": labels["stage"],
            "id_type": labels["id_type"],
            "source": self.env._("Sources"),
        }
        return spreadsheet.write_template(columns, example, lists, list_columns)


class RealestateCustomerImportLine(models.TransientModel):
    _name = "realestate.customer.import.line"
    _description = "Import Customers: Row Check"
    _order = "row"

    wizard_id = fields.Many2one(
        comodel_name="realestate.customer.import", required=True, ondelete="cascade"
    )
    row = fields.Integer()
    outcome = fields.Selection(
        selection=[
            ("created", "Create"),
            ("updated", "Update"),
            ("skipped", "Skip"),
            ("failed", "Error"),
        ]
    )
    message = fields.Text()


def _decode(env, file_b64):
    try:
        return base64.b64decode(file_b64, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise UserError(env._("The file is not valid base64 data.")) from None
