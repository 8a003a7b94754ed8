from odoo import api, fields, models

# Fields a verification covers unless an admin chooses otherwise.
DEFAULT_REVIEW_FIELDS = (
    "mobile",
    "phone",
    "email",
    "street",
    "city",
    "state_id",
    "estate_budget_min",
    "estate_budget_max",
    "estate_property_type",
    "estate_purpose",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    estate_phone_country_id = fields.Many2one(
        comodel_name="res.country",
        string="Default Phone Country",
        default=lambda self: self.env.ref("base.cn", raise_if_not_found=False),
        help="Country whose dialling rules apply to customer phone numbers "
        "entered without a country code.",
    )
    estate_review_interval = fields.Integer(
        string="Review Interval (days)",
        default=180,
        help="A customer file not verified for this many days is flagged as "
        "outdated and its salesperson gets a task to verify it.",
    )
    estate_review_field_ids = fields.Many2many(
        comodel_name="ir.model.fields",
        relation="res_company_estate_review_field_rel",
        column1="company_id",
        column2="field_id",
        string="Fields a Verification Covers",
        domain=[("model", "=", "res.partner"), ("store", "=", True)],
        default=lambda self: self._default_estate_review_fields(),
        help="When the salesperson changes one of these fields, the file counts "
        "as verified that day.",
    )
    estate_review_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Reviewer of Unassigned Customers",
        help="Gets the verification task of an outdated customer who has no "
        "salesperson.",
    )

    estate_protection_days = fields.Integer(
        string="Protection Period (days)",
        default=90,
        help="A salesperson who records no real contact with a customer for this "
        "many days loses the customer to the unassigned pool; 0 turns this off.",
    )

    @api.model
    def _default_estate_review_fields(self):
        return self.env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "in", DEFAULT_REVIEW_FIELDS)]
        )
