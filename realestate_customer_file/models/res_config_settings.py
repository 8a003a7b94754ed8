from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    estate_phone_country_id = fields.Many2one(
        related="company_id.estate_phone_country_id",
        readonly=False,
    )
