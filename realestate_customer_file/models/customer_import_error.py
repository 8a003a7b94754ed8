from odoo import fields, models


class RealestateCustomerImportError(models.Model):
    _name = "realestate.customer.import.error"
    _description = "Customer Import Error"
    _order = "job_id, row"

    job_id = fields.Many2one(
        comodel_name="realestate.customer.import.job",
        required=True,
        ondelete="cascade",
        index=True,
    )
    outcome = fields.Selection(
        selection=[("failed", "Failed"), ("skipped", "Skipped")],
        required=True,
        default="failed",
        help="Failed rows go into the error workbook; skipped rows matched a "
        "customer already on file.",
    )
    row = fields.Integer(required=True)
    column = fields.Char(help="Column of the file the error is about, if any.")
    message = fields.Text(required=True)
    values_json = fields.Json(string="Original Values")
