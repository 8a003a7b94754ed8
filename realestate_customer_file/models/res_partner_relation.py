from collections import defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # The links recorded from and to this partner. They are there for the
    # dependencies of estate_relation_all_ids, which shows both together.
    estate_relation_ids = fields.One2many(
        comodel_name="realestate.customer.relation",
        inverse_name="partner_id",
        string="Relationships Recorded",
        groups="realestate_customer_file.group_user",
    )
    estate_related_relation_ids = fields.One2many(
        comodel_name="realestate.customer.relation",
        inverse_name="related_partner_id",
        string="Relationships Recorded by Others",
        groups="realestate_customer_file.group_user",
    )
    estate_relation_all_ids = fields.Many2many(
        comodel_name="realestate.customer.relation",
        string="Relationships",
        compute="_compute_estate_relation_all_ids",
        groups="realestate_customer_file.group_user",
        help="Every active relationship of this partner, whichever side it was "
        "recorded from.",
    )
    estate_relation_count = fields.Integer(
        string="Relationship Count",
        compute="_compute_estate_relation_all_ids",
        groups="realestate_customer_file.group_user",
    )

    @api.depends(
        "estate_relation_ids.active",
        "estate_related_relation_ids.active",
    )
    def _compute_estate_relation_all_ids(self):
        Relation = self.env["realestate.customer.relation"]
        by_partner = defaultdict(Relation.browse)
        ids = self._origin.ids
        if ids:
            relations = Relation.search(
                ["|", ("partner_id", "in", ids), ("related_partner_id", "in", ids)]
            )
            for relation in relations:
                by_partner[relation.partner_id.id] |= relation
                by_partner[relation.related_partner_id.id] |= relation
        for partner in self:
            relations = by_partner[partner._origin.id]
            partner.estate_relation_all_ids = relations
            partner.estate_relation_count = len(relations)

    def action_view_estate_relations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "realestate_customer_file.action_customer_relation"
        )
        action["domain"] = [
            "|",
            ("partner_id", "=", self.id),
            ("related_partner_id", "=", self.id),
        ]
        action["context"] = {
            "default_partner_id": self.id,
            "relation_partner_id": self.id,
        }
        return action

    def action_add_estate_relation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Relationship"),
            "res_model": "realestate.customer.relation",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {
                "default_partner_id": self.id,
                "relation_partner_id": self.id,
            },
        }
