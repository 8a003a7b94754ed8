from odoo import api, fields, models
from odoo.exceptions import UserError


class RealestateCustomerTransfer(models.TransientModel):
    _name = "realestate.customer.transfer"
    _description = "Transfer Customers"

    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Customers",
        domain=[("is_estate_customer", "=", True)],
        default=lambda self: self._default_partner_ids(),
    )
    from_user_id = fields.Many2one(
        comodel_name="res.users",
        string="All Customers Of",
        help="Transfer every customer of this salesperson, for example one who "
        "is leaving.",
    )
    to_user_id = fields.Many2one(
        comodel_name="res.users",
        string="New Salesperson",
        required=True,
        domain=lambda self: [
            ("share", "=", False),
            (
                "groups_id",
                "in",
                self.env.ref("realestate_customer_file.group_user").ids,
            ),
        ],
    )
    reason = fields.Text(required=True)

    @api.model
    def _default_partner_ids(self):
        context = self.env.context
        if context.get("active_model") != "res.partner":
            return self.env["res.partner"]
        ids = context.get("active_ids") or [context.get("active_id")]
        return (
            self.env["res.partner"]
            .browse(filter(None, ids))
            .filtered("is_estate_customer")
        )

    def action_transfer(self):
        self.ensure_one()
        customers = self.partner_ids
        if self.from_user_id:
            customers |= self.env["res.partner"].search(
                [
                    ("is_estate_customer", "=", True),
                    ("user_id", "=", self.from_user_id.id),
                ]
            )
        if not customers:
            raise UserError(self.env._("Choose the customers to transfer."))
        to_user = self.to_user_id
        if to_user.share or not to_user.has_group(
            "realestate_customer_file.group_user"
        ):
            raise UserError(
                self.env._(
                    "%(user)s is not a Customer Files user and cannot own customers.",
                    user=to_user.name,
                )
            )
        customers._estate_transfer(self.to_user_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
