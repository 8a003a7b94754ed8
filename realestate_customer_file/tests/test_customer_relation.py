from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerFileCase

# (type, seen from partner_id, seen from related_partner_id)
WORDING = [
    ("spouse", "Spouse of", "Spouse of"),
    ("family", "Family of", "Family of"),
    ("co_buyer", "Co-buyer with", "Co-buyer with"),
    ("referred_by", "Referred by", "Referred"),
    ("agency", "Reported by agency", "Agency of"),
    ("employer", "Works for", "Employs"),
    ("other", "Related to", "Related to"),
]
SYMMETRIC = ["spouse", "family", "co_buyer", "other"]
DIRECTED = ["referred_by", "agency", "employer"]


@tagged("post_install", "-at_install")
class TestCustomerRelation(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Relation = cls.env["realestate.customer.relation"]
        cls.zhang = cls.create_customer(
            name="Zhang Min", mobile="13800000001", user_id=cls.salesperson.id
        )
        cls.wang = cls.create_customer(
            name="Wang Wei", mobile="13800000002", user_id=cls.salesperson.id
        )
        cls.liu = cls.create_customer(
            name="Liu Yang", mobile="13800000003", user_id=cls.salesperson.id
        )

    @classmethod
    def relation(cls, partner=None, related=None, **values):
        values.setdefault("partner_id", (partner or cls.zhang).id)
        values.setdefault("related_partner_id", (related or cls.wang).id)
        values.setdefault("relation_type", "referred_by")
        return cls.env["realestate.customer.relation"].create(values)

    def assertRaisesNaming(self, label, function, *args, **kwargs):
        with self.assertRaises(ValidationError) as caught:
            function(*args, **kwargs)
        self.assertTrue(
            str(caught.exception).startswith(f"{label}:"),
            f"the message should name {label!r}: {caught.exception}",
        )
        return caught.exception

    def seen_from(self, relation, partner):
        return relation.with_context(relation_partner_id=partner.id).display_for_partner

    # ------------------------------------------------------------------
    # Wording
    # ------------------------------------------------------------------

    def test_wording_from_both_sides(self):
        referral = self.relation(self.zhang, self.wang, relation_type="referred_by")
        self.assertEqual(self.seen_from(referral, self.zhang), "Referred by Wang Wei")
        self.assertEqual(self.seen_from(referral, self.wang), "Referred Zhang Min")
        self.assertEqual(referral.display_for_partner, "Referred by Wang Wei")
        self.assertEqual(referral.display_name, "Zhang Min: Referred by Wang Wei")

    def test_wording_of_every_type(self):
        for relation_type, forward, backward in WORDING:
            with self.subTest(relation_type=relation_type):
                relation = self.relation(
                    self.zhang, self.liu, relation_type=relation_type
                )
                self.assertEqual(
                    self.seen_from(relation, self.zhang), f"{forward} Liu Yang"
                )
                self.assertEqual(
                    self.seen_from(relation, self.liu), f"{backward} Zhang Min"
                )
                relation.unlink()

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def test_self_link_is_refused(self):
        self.assertRaisesNaming(
            "Related Partner", self.relation, self.zhang, self.zhang
        )
        relation = self.relation(self.zhang, self.wang)
        self.assertRaisesNaming(
            "Related Partner", relation.write, {"related_partner_id": self.zhang.id}
        )

    def test_same_link_twice_is_refused(self):
        for relation_type, *_wording in WORDING:
            with self.subTest(relation_type=relation_type):
                first = self.relation(relation_type=relation_type)
                self.assertRaisesNaming(
                    "Related Partner", self.relation, relation_type=relation_type
                )
                first.unlink()
        self.relation(relation_type="spouse")
        error = self.assertRaisesNaming(
            "Related Partner", self.relation, relation_type="spouse"
        )
        self.assertEqual(
            str(error),
            "Related Partner: Zhang Min is already recorded as “Spouse of Wang Wei”.",
        )

    def test_reverse_link_is_refused_for_symmetric_types_only(self):
        for relation_type in SYMMETRIC:
            with self.subTest(relation_type=relation_type):
                self.relation(self.zhang, self.wang, relation_type=relation_type)
                self.assertRaisesNaming(
                    "Related Partner",
                    self.relation,
                    self.wang,
                    self.zhang,
                    relation_type=relation_type,
                )
        # Zhang Min referred by Wang Wei and Wang Wei referred by Zhang Min is
        # odd, but two different links: the reverse of a directed type is
        # allowed.
        for relation_type in DIRECTED:
            with self.subTest(relation_type=relation_type):
                self.relation(self.zhang, self.wang, relation_type=relation_type)
                reverse = self.relation(
                    self.wang, self.zhang, relation_type=relation_type
                )
                self.assertTrue(reverse.exists())

    def test_other_types_and_partners_are_other_links(self):
        self.relation(relation_type="spouse")
        self.relation(relation_type="co_buyer")
        self.relation(self.zhang, self.liu, relation_type="spouse")
        self.relation(self.liu, self.wang, relation_type="spouse")
        self.assertEqual(self.zhang.estate_relation_count, 3)

    def test_duplicates_in_one_batch_and_by_write_are_refused(self):
        values = {
            "partner_id": self.zhang.id,
            "related_partner_id": self.wang.id,
            "relation_type": "family",
        }
        reverse = dict(
            values, partner_id=self.wang.id, related_partner_id=self.zhang.id
        )
        self.assertRaisesNaming(
            "Related Partner", self.Relation.create, [values, reverse]
        )
        self.relation(relation_type="family")
        other = self.relation(self.wang, self.liu, relation_type="family")
        self.assertRaisesNaming(
            "Related Partner", other.write, {"related_partner_id": self.zhang.id}
        )
        self.assertEqual(other.related_partner_id, self.liu)

    def test_archived_links_do_not_count(self):
        first = self.relation(relation_type="spouse")
        first.action_archive()
        second = self.relation(relation_type="spouse")
        self.assertTrue(second.active)
        self.assertRaisesNaming("Related Partner", first.action_unarchive)
        self.assertFalse(first.active)
        second.action_archive()
        first.action_unarchive()
        self.assertTrue(first.active)

    @mute_logger("odoo.sql_db")
    def test_unique_indexes_back_the_check(self):
        # Two users saving the same link at the same moment both pass the
        # Python check; the indexes refuse the second one.
        self.relation(relation_type="spouse")
        self.relation(relation_type="referred_by")
        Relation = self.registry["realestate.customer.relation"]
        with patch.object(Relation, "_check_duplicate_links", lambda *args, **kw: None):
            self.assertRaisesNaming(
                "Related Partner",
                self.relation,
                self.wang,
                self.zhang,
                relation_type="spouse",
            )
            self.assertRaisesNaming(
                "Related Partner", self.relation, relation_type="referred_by"
            )
            other = self.relation(self.liu, self.wang, relation_type="referred_by")
            self.assertRaisesNaming(
                "Related Partner", other.write, {"partner_id": self.zhang.id}
            )
            reverse = self.relation(self.wang, self.zhang, relation_type="referred_by")
            self.assertTrue(reverse.exists())

    def test_end_before_start_is_refused(self):
        start = date(2024, 5, 1)
        self.assertRaisesNaming(
            "End Date",
            self.relation,
            date_start=start,
            date_end=date(2024, 4, 30),
        )
        relation = self.relation(date_start=start, date_end=start)
        self.assertRaisesNaming(
            "End Date", relation.write, {"date_start": "2024-05-02"}
        )
        relation.write({"date_start": False})
        relation.write({"date_start": start, "date_end": False})
        self.assertEqual(relation.date_start, start)

    # ------------------------------------------------------------------
    # Both sides on the partner
    # ------------------------------------------------------------------

    def test_partner_lists_the_link_on_both_sides(self):
        self.assertFalse(self.zhang.estate_relation_all_ids)
        referral = self.relation(self.zhang, self.wang)
        spouse = self.relation(self.liu, self.zhang, relation_type="spouse")
        self.assertEqual(self.zhang.estate_relation_all_ids, referral | spouse)
        self.assertEqual(self.zhang.estate_relation_count, 2)
        self.assertEqual(self.wang.estate_relation_all_ids, referral)
        self.assertEqual(self.liu.estate_relation_all_ids, spouse)
        seen = self.zhang.with_context(relation_partner_id=self.zhang.id)
        self.assertEqual(
            sorted(seen.estate_relation_all_ids.mapped("display_for_partner")),
            ["Referred by Wang Wei", "Spouse of Liu Yang"],
        )
        spouse.action_archive()
        self.assertEqual(self.zhang.estate_relation_all_ids, referral)
        self.assertEqual(self.liu.estate_relation_count, 0)
        self.wang.unlink()
        self.assertFalse(referral.exists(), "a link goes with its partner")
        self.assertEqual(self.zhang.estate_relation_count, 0)

    def test_partner_actions(self):
        referral = self.relation(self.zhang, self.wang)
        action = self.wang.action_view_estate_relations()
        self.assertEqual(action["res_model"], "realestate.customer.relation")
        self.assertEqual(
            action["context"],
            {"default_partner_id": self.wang.id, "relation_partner_id": self.wang.id},
        )
        self.assertEqual(self.Relation.search(action["domain"]), referral)
        add = self.wang.action_add_estate_relation()
        self.assertEqual(add["res_model"], "realestate.customer.relation")
        self.assertEqual(add["target"], "new")
        self.assertEqual(add["context"]["default_partner_id"], self.wang.id)
        created = self.Relation.with_context(**add["context"]).create(
            {"related_partner_id": self.liu.id, "relation_type": "employer"}
        )
        self.assertEqual(created.partner_id, self.wang)
        self.assertEqual(created.display_for_partner, "Works for Liu Yang")
        self.assertRaisesNaming(
            "Related Partner",
            self.Relation.with_context(**add["context"]).create,
            {"related_partner_id": self.liu.id, "relation_type": "employer"},
        )

    def test_page_only_for_customer_files_users(self):
        form_view = self.env.ref("base.view_partner_form").id
        for user, shown in ((self.salesperson, True), (self.employee, False)):
            with self.subTest(user=user.name):
                views = self.Partner.with_user(user).get_views([(form_view, "form")])
                arch = views["views"]["form"]["arch"]
                self.assertEqual('name="estate_relations"' in arch, shown)
                self.assertEqual('name="action_add_estate_relation"' in arch, shown)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_access_for_a_salesperson(self):
        foreign = self.create_customer(
            name="Foreign", mobile="13800000004", user_id=self.other_salesperson.id
        )
        foreign_spouse = self.create_customer(
            name="Foreign Spouse",
            mobile="13800000005",
            user_id=self.other_salesperson.id,
        )
        served = self.create_customer(
            name="Served",
            mobile="13800000006",
            user_id=self.other_salesperson.id,
            estate_service_user_id=self.salesperson.id,
        )
        pool = self.create_customer(name="Pool", mobile="13800000007")
        agency = self.Partner.create({"name": "Sunshine Realty", "is_company": True})
        company = self.Partner.create({"name": "Acme", "is_company": True})
        boss = self.Partner.create({"name": "Boss", "parent_id": company.id})

        own = self.relation(self.zhang, foreign, relation_type="referred_by")
        to_own = self.relation(foreign, self.zhang, relation_type="co_buyer")
        served_rel = self.relation(served, agency, relation_type="agency")
        pool_rel = self.relation(pool, foreign, relation_type="family")
        hidden = self.relation(foreign, foreign_spouse, relation_type="spouse")
        hidden_agency = self.relation(foreign, agency, relation_type="agency")
        contacts = self.relation(boss, company, relation_type="employer")
        everything = (
            own | to_own | served_rel | pool_rel | hidden | hidden_agency | contacts
        )
        domain = [("id", "in", everything.ids)]

        Relation = self.Relation.with_user(self.salesperson)
        self.assertEqual(
            Relation.search(domain), own | to_own | served_rel | pool_rel | contacts
        )
        with self.assertRaises(AccessError):
            hidden.with_user(self.salesperson).read(["note"])
        with self.assertRaises(AccessError):
            hidden_agency.with_user(self.salesperson).write({"note": "mine"})
        with self.assertRaises(AccessError):
            Relation.create(
                {
                    "partner_id": foreign.id,
                    "related_partner_id": agency.id,
                    "relation_type": "referred_by",
                }
            )
        # The other side is named even when its file is not the reader's.
        mine = own.with_user(self.salesperson)
        self.assertEqual(mine.display_for_partner, "Referred by Foreign")
        zhang = self.zhang.with_user(self.salesperson).with_context(
            relation_partner_id=self.zhang.id
        )
        self.assertEqual(zhang.estate_relation_all_ids, own | to_own)
        self.assertEqual(
            sorted(zhang.estate_relation_all_ids.mapped("display_for_partner")),
            ["Co-buyer with Foreign", "Referred by Foreign"],
        )
        # A salesperson records, edits and removes the links of their customers.
        created = Relation.create(
            {
                "partner_id": self.zhang.id,
                "related_partner_id": agency.id,
                "relation_type": "agency",
            }
        )
        created.write({"note": "Reported on the phone", "date_start": "2024-01-01"})
        served_rel.with_user(self.salesperson).write({"note": "Channel fee paid"})
        created.unlink()
        self.assertFalse(created.exists())
        # Seen from the agency, which everybody may open, only the links of
        # customers the reader may see are listed.
        seen_agency = agency.with_user(self.salesperson)
        self.assertEqual(seen_agency.estate_relation_all_ids, served_rel)

        other = self.Relation.with_user(self.other_salesperson)
        self.assertEqual(other.search(domain), everything)

        manager = self.Relation.with_user(self.manager)
        self.assertEqual(manager.search(domain), everything)
        hidden.with_user(self.manager).unlink()
        self.assertFalse(hidden.exists())

        with self.assertRaises(AccessError):
            self.Relation.with_user(self.employee).search(domain)
