from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date

TRANSACTION_TYPES = [
    ("deposit", "Deposit"),
    ("subscription", "Subscription"),
    ("contract", "Contract"),
    ("payment", "Payment"),
    ("refund", "Refund"),
    ("other", "Other"),
]

# What the customer has paid, and so the most that can be refunded to them.
PAID_TYPES = ("deposit", "subscription", "contract", "payment")

# Stage a confirmed transaction of a type moves its customer to.
STAGE_BY_TYPE = {
    "deposit": "reserved",
    "subscription": "subscribed",
    "contract": "signed",
}

# Order of the sales stages. A transaction only ever moves a customer forward.
# "Lost" ranks below every stage: a lost customer who pays has come back.
STAGE_RANK = {
    "lost": -1,
    "prospect": 0,
    "visited": 1,
    "reserved": 2,
    "subscribed": 3,
    "signed": 4,
}


class RealestateCustomerTransaction(models.Model):
    """Money received from or paid back to a customer (交易记录): deposits,
    subscriptions, contracts, payments and refunds.

    The name is not stored: it is "<type> <date>" in the reader's language, and
    a transaction is found by its customer or contract reference.
    """

    _name = "realestate.customer.transaction"
    _description = "Customer Transaction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_names_search = ["partner_id", "contract_ref"]
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain=[("is_estate_customer", "=", True)],
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    type = fields.Selection(
        selection=TRANSACTION_TYPES, required=True, index=True, tracking=True
    )
    amount = fields.Monetary(currency_field="currency_id", tracking=True)
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    project_id = fields.Many2one(
        comodel_name="realestate.project",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    building = fields.Char()
    unit = fields.Char()
    contract_ref = fields.Char(string="Contract Reference", index="trigram")
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
    )
    note = fields.Text(string="Notes")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    # ------------------------------------------------------------------
    # Computed fields
    # ------------------------------------------------------------------

    @api.depends_context("lang")
    @api.depends("type", "date")
    def _compute_name(self):
        labels = dict(self._fields["type"]._description_selection(self.env))
        for transaction in self:
            parts = [
                labels.get(transaction.type, ""),
                format_date(self.env, transaction.date) if transaction.date else "",
            ]
            transaction.name = " ".join(part for part in parts if part)

    @api.depends("partner_id")
    def _compute_user_id(self):
        for transaction in self:
            transaction.user_id = transaction.partner_id.user_id or self.env.user

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        for transaction in self:
            if not transaction.partner_id.is_estate_customer:
                raise ValidationError(
                    self.env._(
                        "Customer: %(name)s has no customer file.",
                        name=transaction.partner_id.display_name,
                    )
                )

    @api.constrains("amount", "currency_id")
    def _check_amount(self):
        for transaction in self:
            if transaction.currency_id.compare_amounts(transaction.amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "Amount: the amount must be greater than zero; a refund "
                        "is entered as a positive amount too."
                    )
                )

    @api.constrains("date", "state")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for transaction in self:
            if transaction.state == "confirmed" and transaction.date > today:
                raise ValidationError(
                    self.env._(
                        "Date: a confirmed transaction cannot be dated in the "
                        "future (%(date)s).",
                        date=format_date(self.env, transaction.date),
                    )
                )

    @api.constrains(
        "state", "type", "amount", "currency_id", "partner_id", "company_id"
    )
    def _check_refund_ceiling(self):
        """A customer is never refunded more than they paid: not by a refund,
        nor by cancelling or lowering a payment already refunded."""
        if not self:
            return
        # Two changes at the same time must not both pass: touching the
        # customers' rows makes the second transaction wait for the first and
        # then fail with a serialization error, which Odoo retries.
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id IN %s",
                tuple(self.partner_id.ids),
            )
        )
        checked = set()
        for transaction in self:
            key = (
                transaction.partner_id,
                transaction.currency_id,
                transaction.company_id,
            )
            if key in checked:
                continue
            checked.add(key)
            paid, refunded = transaction._paid_and_refunded()
            if transaction.currency_id.compare_amounts(refunded, paid) <= 0:
                continue
            currency = transaction.currency_id
            if transaction.type == "refund" and transaction.state == "confirmed":
                available = paid - (refunded - transaction.amount)
                raise ValidationError(
                    self.env._(
                        "Amount: the refund of %(refund)s is more than the "
                        "%(available)s that %(customer)s has paid and not yet "
                        "been refunded.",
                        refund=format_amount(self.env, transaction.amount, currency),
                        available=format_amount(self.env, max(available, 0), currency),
                        customer=transaction.partner_id.display_name,
                    )
                )
            raise ValidationError(
                self.env._(
                    "Amount: %(customer)s has been refunded %(refunded)s, more than "
                    "the %(paid)s they would have paid; cancel or reduce the "
                    "refunds first.",
                    customer=transaction.partner_id.display_name,
                    refunded=format_amount(self.env, refunded, currency),
                    paid=format_amount(self.env, paid, currency),
                )
            )

    def _paid_and_refunded(self):
        """Confirmed amounts the customer paid and was refunded, in this
        transaction's currency and company, whoever may read them."""
        self.ensure_one()
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                domain=[
                    ("partner_id", "=", self.partner_id.id),
                    ("currency_id", "=", self.currency_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "confirmed"),
                    ("type", "in", [*PAID_TYPES, "refund"]),
                ],
                groupby=["type"],
                aggregates=["amount:sum"],
            )
        )
        paid = sum(total for type_, total in groups if type_ != "refund")
        refunded = sum(total for type_, total in groups if type_ == "refund")
        return paid, refunded

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        transactions = super().create(vals_list)
        transactions.filtered(lambda t: t.state == "confirmed")._advance_stage()
        return transactions

    def write(self, vals):
        result = super().write(vals)
        if vals.keys() & {"state", "type", "partner_id"}:
            self.filtered(lambda t: t.state == "confirmed")._advance_stage()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(transaction.state == "confirmed" for transaction in self):
            raise UserError(
                self.env._(
                    "A confirmed transaction cannot be deleted; cancel it first."
                )
            )

    def _advance_stage(self):
        """Move the customers forward to the stage their transactions reached.

        Only forward: a customer already further on keeps their stage, and
        cancelling a transaction never moves a customer back. A lost customer
        moves forward like any other, since the transaction means they came
        back.
        """
        targets = {}
        for transaction in self:
            stage = STAGE_BY_TYPE.get(transaction.type)
            partner = transaction.partner_id
            if not stage:
                continue
            best = targets.get(partner, partner.estate_stage)
            if STAGE_RANK[stage] > STAGE_RANK.get(best, -1):
                targets[partner] = stage
        for partner, stage in targets.items():
            if stage != partner.estate_stage:
                partner.estate_stage = stage

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        self.filtered(lambda t: t.state == "draft").write({"state": "confirmed"})
        return True

    def action_cancel(self):
        self.filtered(lambda t: t.state != "cancelled").write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.filtered(lambda t: t.state == "cancelled").write({"state": "draft"})
        return True
