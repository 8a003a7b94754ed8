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
    row = fields.Integer(required=True)
    message = fields.Text(required=True)
    values_json = fields.Json(string="Original Values")
