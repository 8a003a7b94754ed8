from odoo import fields, models


class RealestateOwnershipEvent(models.Model):
    """Who took, gave up or passed on a customer, when and why."""

    _name = "realestate.ownership.event"
    _description = "Customer Ownership Change"
    _order = "id desc"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    kind = fields.Selection(
        selection=[
            ("claim", "Claimed from the pool"),
            ("release", "Released to the pool"),
            ("transfer", "Transferred"),
        ],
        required=True,
    )
    from_user_id = fields.Many2one(comodel_name="res.users", string="From")
    to_user_id = fields.Many2one(comodel_name="res.users", string="To")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Done By",
        default=lambda self: self.env.user,
        index=True,
    )
    reason = fields.Text()
