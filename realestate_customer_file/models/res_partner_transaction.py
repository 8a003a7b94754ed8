from collections import defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    estate_transaction_ids = fields.One2many(
        comodel_name="realestate.customer.transaction",
        inverse_name="partner_id",
        string="Transactions",
        groups="realestate_customer_file.group_user",
    )
    estate_transaction_count = fields.Integer(
        string="Transaction Count",
        compute="_compute_estate_transaction_stats",
        groups="realestate_customer_file.group_user",
    )
    estate_transaction_total = fields.Monetary(
        string="Transaction Total",
        currency_field="estate_currency_id",
        compute="_compute_estate_transaction_stats",
        groups="realestate_customer_file.group_user",
        help="Confirmed transactions in the company currency, refunds deducted.",
    )

    @api.depends(
        "estate_transaction_ids.state",
        "estate_transaction_ids.type",
        "estate_transaction_ids.amount",
        "estate_transaction_ids.currency_id",
    )
    def _compute_estate_transaction_stats(self):
        counts = defaultdict(int)
        totals = defaultdict(float)
        groups = self.env["realestate.customer.transaction"]._read_group(
            domain=[("partner_id", "in", self._origin.ids)],
            groupby=["partner_id", "state", "type", "currency_id"],
            aggregates=["__count", "amount:sum"],
        )
        for partner, state, type_, currency, count, amount in groups:
            counts[partner.id] += count
            if state != "confirmed" or currency != partner.estate_currency_id:
                continue
            totals[partner.id] += -amount if type_ == "refund" else amount
        for partner in self:
            partner.estate_transaction_count = counts[partner._origin.id]
            partner.estate_transaction_total = totals[partner._origin.id]

    def action_view_estate_transactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "realestate_customer_file.action_customer_transaction"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
