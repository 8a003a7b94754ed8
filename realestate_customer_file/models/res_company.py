from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    estate_phone_country_id = fields.Many2one(
        comodel_name="res.country",
        string="Default Phone Country",
        default=lambda self: self.env.ref("base.cn", raise_if_not_found=False),
        help="Country whose dialling rules apply to customer phone numbers "
        "entered without a country code.",
    )
