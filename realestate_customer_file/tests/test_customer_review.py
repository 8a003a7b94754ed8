from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import CustomerFileCase

VERIFY = "realestate_customer_file.mail_activity_type_verify_customer"


@tagged("post_install", "-at_install")
class TestCustomerReview(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.estate_review_interval = 180
        cls.env.company.estate_review_user_id = cls.manager
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        # Only the customers of this test count: the others are verified today.
        cls.env["res.partner"].search([("is_estate_customer", "=", True)]).write(
            {"estate_verified_date": cls.today, "estate_outdated": False}
        )
        cls.stale = cls.create_customer(
            name="Stale", mobile="13600000001", user_id=cls.salesperson.id
        )
        cls.fresh = cls.create_customer(
            name="Fresh", mobile="13600000002", user_id=cls.salesperson.id
        )
        cls.pool = cls.create_customer(name="Pool", mobile="13600000003")
        cls.reverified = cls.create_customer(
            name="Verified again", mobile="13600000004", user_id=cls.salesperson.id
        )
        cls.set_verified(cls.stale | cls.pool, days_ago=200)
        cls.set_verified(cls.fresh, days_ago=10)
        cls.set_verified(cls.reverified, days_ago=1)
        cls.reverified.estate_outdated = True
        cls.Activity = cls.env["mail.activity"]

    @classmethod
    def set_verified(cls, partners, days_ago):
        partners.write({"estate_verified_date": cls.today - timedelta(days=days_ago)})

    def run_cron(self, **kwargs):
        self.env["res.partner"]._cron_flag_outdated_customers(**kwargs)

    def tasks(self, partners):
        return self.Activity.search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.env.ref(VERIFY).id),
            ]
        )

    def test_new_customer_counts_as_verified_today(self):
        customer = self.create_customer(name="New", mobile="13600000009")
        self.assertEqual(customer.estate_verified_date, self.today)
        self.assertFalse(customer.estate_outdated)

    def test_cron_flags_outdated_and_clears_verified(self):
        self.run_cron()
        self.assertTrue(self.stale.estate_outdated)
        self.assertTrue(self.pool.estate_outdated)
        self.assertFalse(self.fresh.estate_outdated)
        self.assertFalse(self.reverified.estate_outdated, "verified since: cleared")
        tasks = self.tasks(self.stale | self.fresh | self.pool | self.reverified)
        self.assertEqual(tasks.mapped("res_id"), [self.stale.id, self.pool.id])
        by_partner = {task.res_id: task.user_id for task in tasks}
        self.assertEqual(by_partner[self.stale.id], self.salesperson)
        self.assertEqual(
            by_partner[self.pool.id], self.manager, "unassigned: the reviewer"
        )

    def test_cron_is_idempotent_and_keeps_one_open_task(self):
        self.run_cron()
        self.run_cron()
        self.assertEqual(len(self.tasks(self.stale)), 1)
        self.tasks(self.stale).action_feedback(feedback="Called, no answer")
        self.assertFalse(self.tasks(self.stale))
        self.run_cron()
        self.assertEqual(
            len(self.tasks(self.stale)), 1, "still outdated: a new task once closed"
        )

    def test_interrupted_run_carries_on(self):
        more = self.env["res.partner"]
        for index in range(3):
            more |= self.create_customer(
                name=f"Old {index}", mobile=f"1360000002{index}"
            )
        self.set_verified(more, days_ago=400)
        everyone = self.stale | self.pool | more
        self.run_cron(batch_size=2, max_batches=1)
        self.assertEqual(len(self.tasks(everyone)), 2)
        self.assertTrue(all(everyone.mapped("estate_outdated")))

        class WorkerKilled(Exception):
            pass

        # The next run dies after its second batch (its first finds the
        # tasks of the last run): what it had not committed is rolled back,
        # what the first run did stays.
        with self.assertRaises(WorkerKilled), self.env.cr.savepoint():
            self.run_cron(batch_size=2, max_batches=2)
            self.assertEqual(len(self.tasks(everyone)), 4)
            raise WorkerKilled
        self.env.invalidate_all()
        self.assertEqual(len(self.tasks(everyone)), 2)

        self.run_cron(batch_size=2)
        self.assertEqual(len(self.tasks(everyone)), 5, "none lost, none twice")
        self.assertEqual(sorted(self.tasks(everyone).mapped("res_id")), everyone.ids)

    def test_mark_as_verified_closes_the_task(self):
        self.run_cron()
        self.stale.with_user(self.salesperson).action_estate_mark_verified()
        self.assertEqual(self.stale.estate_verified_date, self.today)
        self.assertFalse(self.stale.estate_outdated)
        self.assertFalse(self.tasks(self.stale))

    def test_owner_changing_covered_fields_verifies(self):
        self.stale.estate_outdated = True
        self.stale.with_user(self.salesperson).write({"estate_level": "a"})
        self.assertTrue(self.stale.estate_outdated, "the level is not covered")
        self.stale.with_user(self.manager).write({"email": "stale@example.com"})
        self.assertTrue(self.stale.estate_outdated, "only the owner verifies")
        self.stale.with_user(self.salesperson).write({"mobile": "13600000011"})
        self.assertFalse(self.stale.estate_outdated)
        self.assertEqual(self.stale.estate_verified_date, self.today)

    def test_intent_changes_are_dated(self):
        self.fresh.write({"estate_budget_max": 3_000_000, "estate_rooms": "3"})
        dates = self.fresh.estate_intent_dates
        self.assertEqual(dates["estate_budget_max"], fields.Date.to_string(self.today))
        self.assertIn("Budget To", self.fresh.estate_intent_changes)
        self.assertIn("Rooms", self.fresh.estate_intent_changes)
        self.assertNotIn("Purpose", self.fresh.estate_intent_changes)

    def test_zero_interval_turns_the_check_off(self):
        self.run_cron()
        self.env.company.estate_review_interval = 0
        self.run_cron()
        self.assertFalse(self.stale.estate_outdated)

    def test_contact_turned_into_a_file_counts_as_verified_today(self):
        contact = self.env["res.partner"].create({"name": "Walk-in visitor"})
        contact.write({"is_estate_customer": True})
        self.assertEqual(contact.estate_verified_date, self.today)
        self.run_cron()
        self.assertFalse(contact.estate_outdated)

    def test_owner_changing_covered_fields_closes_the_task(self):
        self.run_cron()
        self.assertTrue(self.tasks(self.stale))
        self.stale.with_user(self.salesperson).write({"mobile": "13600000012"})
        self.assertFalse(self.tasks(self.stale), "the verification task is done")

    def test_intent_history_is_in_the_chatter(self):
        project = self.env["realestate.project"].create({"name": "滨江壹号"})
        customer = self.stale.with_context(tracking_disable=False)
        customer.write(
            {
                "estate_budget_max": 3000000,
                "estate_project_ids": [Command.link(project.id)],
            }
        )
        self.env.cr.precommit.run()  # the chatter is written on commit
        tracked = customer.message_ids.tracking_value_ids
        self.assertEqual(
            set(tracked.field_id.mapped("name")),
            {"estate_budget_max", "estate_project_ids"},
        )
        projects = tracked.filtered(lambda t: t.field_id.name == "estate_project_ids")
        self.assertEqual(projects.new_value_char, "滨江壹号")
