from odoo import fields, models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    estate_daily_claim_limit = fields.Integer(
        string="Daily Claim Limit",
        help="How many customers this user may claim from the unassigned pool "
        "each day; 0 means no limit.",
    )

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self._check_estate_customers_transferred()
        return super().write(vals)

    def unlink(self):
        self._check_estate_customers_transferred()
        return super().unlink()

    def _check_estate_customers_transferred(self):
        owned = (
            self.env["res.partner"]
            .sudo()
            ._read_group(
                [("is_estate_customer", "=", True), ("user_id", "in", self.ids)],
                ["user_id"],
                ["__count"],
            )
        )
        if owned:
            user, count = owned[0]
            raise UserError(
                self.env._(
                    "%(user)s still owns %(count)s customers. Transfer them to "
                    "another salesperson first (Customer Files > Customers > "
                    "Transfer Customers).",
                    user=user.name,
                    count=count,
                )
            )
