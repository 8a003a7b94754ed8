import logging
import threading
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Purchase-intent fields whose last change date the form shows.
INTENT_FIELDS = (
    "estate_budget_min",
    "estate_budget_max",
    "estate_area_min",
    "estate_area_max",
    "estate_rooms",
    "estate_property_type",
    "estate_purpose",
    "estate_payment_method",
    "estate_project_ids",
    "estate_intent_note",
)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    estate_verified_date = fields.Date(
        string="Last Verified",
        copy=False,
        index=True,
        tracking=True,
        help="Day the file was last checked with the customer. A new file "
        "counts as verified on the day it is created.",
    )
    estate_outdated = fields.Boolean(
        string="Outdated",
        copy=False,
        index=True,
        help="Not verified within the review interval set in Settings.",
    )
    estate_intent_dates = fields.Json(copy=False)
    estate_intent_changes = fields.Text(
        string="Intent Last Changed", compute="_compute_estate_intent_changes"
    )

    @api.depends("estate_intent_dates")
    def _compute_estate_intent_changes(self):
        for partner in self:
            dates = partner.estate_intent_dates or {}
            partner.estate_intent_changes = "\n".join(
                f"{self._fields[fname]._description_string(self.env)}: {dates[fname]}"
                for fname in INTENT_FIELDS
                if fname in dates
            )

    @api.model
    def _estate_prepare_new_files(self, vals_list):
        super()._estate_prepare_new_files(vals_list)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.setdefault("estate_verified_date", today)
            given = [fname for fname in INTENT_FIELDS if vals.get(fname)]
            if given:
                vals.setdefault(
                    "estate_intent_dates",
                    dict.fromkeys(given, fields.Date.to_string(today)),
                )
        return vals_list

    def write(self, vals):
        result = super().write(vals)
        today = fields.Date.context_today(self)
        if vals.get("is_estate_customer"):
            # A contact that becomes a customer file is as verified as a new
            # file, not outdated at the next run of the review.
            unverified = self.filtered(lambda p: not p.estate_verified_date)
            super(ResPartner, unverified).write({"estate_verified_date": today})
        intent = [fname for fname in INTENT_FIELDS if fname in vals]
        covered = set(self.env.company.sudo().estate_review_field_ids.mapped("name"))
        if not intent and not covered & vals.keys():
            return result
        estates = self.filtered("is_estate_customer")
        verified = self.browse()
        for partner in estates:
            updates = {}
            if intent:
                dates = dict(partner.estate_intent_dates or {})
                dates.update(dict.fromkeys(intent, fields.Date.to_string(today)))
                updates["estate_intent_dates"] = dates
            if covered & vals.keys() and partner.user_id == self.env.user:
                updates.update(estate_verified_date=today, estate_outdated=False)
                verified |= partner
            if updates:
                super(ResPartner, partner).write(updates)
        if verified:
            verified._estate_close_verification_tasks()
        return result

    def _estate_close_verification_tasks(self):
        self.activity_feedback(
            ["realestate_customer_file.mail_activity_type_verify_customer"],
            feedback=self.env._("File verified."),
        )

    def action_estate_mark_verified(self):
        self.write(
            {
                "estate_verified_date": fields.Date.context_today(self),
                "estate_outdated": False,
            }
        )
        self._estate_close_verification_tasks()
        return True

    @api.model
    def _cron_flag_outdated_customers(self, batch_size=2000, max_batches=None):
        """Flag the files not verified within the review interval.

        Clears the flag of files verified since, flags the others with two
        set-based updates, then gives each outdated file without an open
        verification task one, a batch at a time. Each batch is committed, so
        an interrupted run loses nothing and the next one carries on.
        ``max_batches`` stops after that many batches of outdated files.
        """
        started = time.monotonic()
        commit = not getattr(threading.current_thread(), "testing", False)
        company = self.env.company
        cr = self.env.cr
        self.env.flush_all()
        if company.estate_review_interval <= 0:
            cr.execute(
                "UPDATE res_partner SET estate_outdated = false WHERE estate_outdated"
            )
            self.invalidate_model(["estate_outdated"])
            return
        cutoff = fields.Date.context_today(self) - timedelta(
            days=company.estate_review_interval
        )
        cr.execute(
            SQL(
                "UPDATE res_partner SET estate_outdated = false "
                "WHERE estate_outdated AND estate_verified_date >= %s",
                cutoff,
            )
        )
        cleared = cr.rowcount
        cr.execute(
            SQL(
                "UPDATE res_partner SET estate_outdated = true "
                "WHERE is_estate_customer AND active "
                "AND estate_outdated IS NOT TRUE "
                "AND (estate_verified_date < %s OR estate_verified_date IS NULL)",
                cutoff,
            )
        )
        flagged = cr.rowcount
        self.invalidate_model(["estate_outdated"])
        if commit:
            cr.commit()  # pylint: disable=invalid-commit

        activity_type = self.env.ref(
            "realestate_customer_file.mail_activity_type_verify_customer"
        )
        # The files that already have an open task, read once: asking for each
        # file in SQL makes the planner walk mail_activity once per file.
        cr.execute(
            SQL(
                "SELECT res_id FROM mail_activity WHERE res_model = 'res.partner' "
                "AND activity_type_id = %s AND active",
                activity_type.id,
            )
        )
        with_task = {res_id for (res_id,) in cr.fetchall()}
        outdated = SQL(
            "FROM res_partner WHERE estate_outdated AND active AND is_estate_customer"
        )
        cr.execute(SQL("SELECT count(*) %s", outdated))
        total = cr.fetchone()[0]
        reviewer = company.estate_review_user_id or self.env.ref("base.user_admin")
        model_id = self.env["ir.model"]._get_id("res.partner")
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True, tracking_disable=True)
        )
        done = examined = batches = last_id = 0
        while max_batches is None or batches < max_batches:
            # Pages by id, so that each batch starts where the last one ended.
            cr.execute(
                SQL(
                    "SELECT id, user_id %s AND id > %s ORDER BY id LIMIT %s",
                    outdated,
                    last_id,
                    batch_size,
                )
            )
            rows = cr.fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            examined += len(rows)
            todo = [(pid, user_id) for pid, user_id in rows if pid not in with_task]
            if todo:
                # Each task stores its customer's name: read the batch's names
                # in one query rather than one per task.
                Activity.env["res.partner"].browse([pid for pid, _u in todo]).mapped(
                    "display_name"
                )
                Activity.create(
                    [
                        {
                            "res_model_id": model_id,
                            "res_id": partner_id,
                            "activity_type_id": activity_type.id,
                            "automated": True,
                            "user_id": user_id or reviewer.id,
                            "date_deadline": fields.Date.context_today(self),
                        }
                        for partner_id, user_id in todo
                    ]
                )
            done += len(todo)
            batches += 1
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
            # What the batch left in the cache is not needed again.
            self.env.invalidate_all()
            self.env["ir.cron"]._notify_progress(
                done=examined, remaining=max(total - examined, 0)
            )
            _logger.info(
                "outdated customer files: %d of %d looked at, %d tasks created",
                examined,
                total,
                done,
            )
        _logger.info(
            "outdated customer files: %d flagged, %d cleared, %d tasks in %.1fs",
            flagged,
            cleared,
            done,
            time.monotonic() - started,
        )
