import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# First key of the advisory lock that serialises the claims of one user.
CLAIM_LOCK = 0x52434643

# The last real contact with a customer: a note or call logged, or an activity
# done, by its owner, or a confirmed transaction; or else the day the owner
# took the customer (the day the file was created, when that is not known).
LAST_CONTACT_SQL = """
    SELECT p.id, GREATEST(
        COALESCE(p.estate_owner_date, p.create_date::date),
        (SELECT max(m.date)::date FROM mail_message m
          WHERE m.model = 'res.partner' AND m.res_id = p.id
            AND (m.mail_activity_type_id IS NOT NULL OR m.message_type = 'comment')
            AND m.author_id = (
                SELECT u.partner_id FROM res_users u WHERE u.id = p.user_id)),
        (SELECT max(t.date) FROM realestate_customer_transaction t
          WHERE t.partner_id = p.id AND t.state = 'confirmed')
    )
    FROM res_partner p
"""


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    estate_protected_until = fields.Date(
        string="Protected Until",
        compute="_compute_estate_protected_until",
        help="Without a real contact (a logged note or call, a done activity, a "
        "transaction) by then, the customer returns to the unassigned pool.",
    )
    estate_agency_id = fields.Many2one(
        comodel_name="res.partner",
        string="Reported by Agency",
        domain=lambda self: [
            ("is_company", "=", True),
            (
                "category_id",
                "in",
                self.env.ref(
                    "realestate_customer_file.partner_category_agency",
                    raise_if_not_found=False,
                ).ids,
            ),
        ],
        index="btree_not_null",
        tracking=True,
    )
    estate_agency_report_date = fields.Date(string="Agency Report Date", tracking=True)

    @api.depends("user_id", "estate_owner_date")
    def _compute_estate_protected_until(self):
        days = self.env.company.estate_protection_days
        last = self._estate_last_contact() if days > 0 else {}
        for partner in self:
            contact = last.get(partner.id)
            partner.estate_protected_until = (
                contact + timedelta(days=days)
                if partner.user_id and contact and days > 0
                else False
            )

    def _estate_last_contact(self):
        """{partner id: date of the last real contact or of ownership}."""
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        if not ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(SQL("%s WHERE p.id = ANY(%s)", SQL(LAST_CONTACT_SQL), ids))
        return dict(self.env.cr.fetchall())

    def _estate_log_ownership(self, kind, from_users, to_user=None, reason=None):
        self.env["realestate.ownership.event"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "kind": kind,
                    "from_user_id": from_users.get(partner.id),
                    "to_user_id": to_user.id if to_user else False,
                    "reason": reason,
                }
                for partner in self
            ]
        )

    def action_estate_claim(self):
        """Take unassigned customers from the pool."""
        user = self.env.user
        if self.filtered("user_id") or self.filtered(
            lambda p: not p.is_estate_customer
        ):
            raise UserError(
                self.env._("Only customers in the unassigned pool can be claimed.")
            )
        limit = user.estate_daily_claim_limit
        if limit:
            # One claim of a user at a time, so that two at the same moment
            # cannot both fit under the limit.
            self.env.cr.execute(
                SQL("SELECT pg_advisory_xact_lock(%s, %s)", CLAIM_LOCK, user.id)
            )
            claimed = (
                self.env["realestate.ownership.event"]
                .sudo()
                .search_count(
                    [
                        ("kind", "=", "claim"),
                        ("user_id", "=", user.id),
                        ("create_date", ">=", self._estate_start_of_today()),
                    ]
                )
            )
            if claimed + len(self) > limit:
                raise UserError(
                    self.env._(
                        "You may claim %(limit)s customers a day and have already "
                        "claimed %(claimed)s today.",
                        limit=limit,
                        claimed=claimed,
                    )
                )
        # The claim is the way a salesperson may take a customer: sudo() lets
        # it past the rule that keeps them from changing owners themselves.
        self.sudo().with_context(estate_ownership_logged=True).write(
            {"user_id": user.id}
        )
        self._estate_log_ownership("claim", {}, user)
        for partner in self:
            partner.message_post(
                body=self.env._(
                    "%(user)s claimed this customer from the unassigned pool.",
                    user=user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _estate_start_of_today(self):
        """When the user's day began, in UTC as the database keeps times."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        midnight = datetime.combine(fields.Date.context_today(self), time.min)
        return tz.localize(midnight).astimezone(pytz.utc).replace(tzinfo=None)

    def _estate_transfer(self, to_user, reason):
        from_users = {partner.id: partner.user_id.id for partner in self}
        self.sudo().with_context(estate_ownership_logged=True).write(
            {"user_id": to_user.id}
        )
        self._estate_log_ownership("transfer", from_users, to_user, reason)
        for partner in self:
            partner.message_post(
                body=self.env._(
                    "%(by)s transferred this customer to %(to)s: %(reason)s",
                    by=self.env.user.name,
                    to=to_user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_release_unprotected_customers(self, batch_size=500):
        """Return to the pool the customers whose protection has run out."""
        days = self.env.company.estate_protection_days
        if days <= 0:
            return
        cutoff = fields.Date.context_today(self) - timedelta(days=days)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM (%s WHERE p.is_estate_customer AND p.active "
                "AND p.user_id IS NOT NULL) AS last_contact (id, contact) "
                "WHERE contact IS NULL OR contact < %s ORDER BY id",
                SQL(LAST_CONTACT_SQL),
                cutoff,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ids), batch_size):
            partners = self.browse(ids[start : start + batch_size])
            former = {partner.id: partner.user_id for partner in partners}
            partners.sudo().with_context(estate_ownership_logged=True).write(
                {"user_id": False}
            )
            partners._estate_log_ownership(
                "release",
                {pid: user.id for pid, user in former.items()},
                reason=self.env._("No real contact for %(days)s days.", days=days),
            )
            for partner in partners:
                partner.message_post(
                    body=self.env._(
                        "Returned to the unassigned pool: %(owner)s recorded no "
                        "contact for %(days)s days.",
                        owner=former[partner.id].name,
                        days=days,
                    ),
                    subtype_xmlid="mail.mt_note",
                    partner_ids=former[partner.id].partner_id.ids,
                )
            self.env["ir.cron"]._notify_progress(
                done=start + len(partners), remaining=len(ids) - start - len(partners)
            )
        _logger.info("customer files released to the pool: %d", len(ids))
