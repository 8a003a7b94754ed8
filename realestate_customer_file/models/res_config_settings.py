from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    estate_phone_country_id = fields.Many2one(
        related="company_id.estate_phone_country_id",
        readonly=False,
    )
    estate_review_interval = fields.Integer(
        related="company_id.estate_review_interval",
        readonly=False,
    )
    estate_review_field_ids = fields.Many2many(
        related="company_id.estate_review_field_ids",
        readonly=False,
    )
    estate_review_user_id = fields.Many2one(
        related="company_id.estate_review_user_id",
        readonly=False,
    )
    estate_protection_days = fields.Integer(
        related="company_id.estate_protection_days",
        readonly=False,
    )
