from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RealestateCustomerCategory(models.Model):
    _name = "realestate.customer.category"
    _description = "Customer Category"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True
    )
    parent_id = fields.Many2one(
        comodel_name="realestate.customer.category",
        string="Parent Category",
        index=True,
        ondelete="restrict",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(
        comodel_name="realestate.customer.category",
        inverse_name="parent_id",
        string="Subcategories",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    customer_count = fields.Integer(compute="_compute_customer_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = (
                    f"{category.parent_id.complete_name} / {category.name}"
                )
            else:
                category.complete_name = category.name

    def _compute_customer_count(self):
        groups = self.env["res.partner"]._read_group(
            [("estate_category_id", "child_of", self.ids)],
            ["estate_category_id"],
            ["__count"],
        )
        direct = {category.id: count for category, count in groups}
        for category in self:
            category.customer_count = sum(
                direct.get(cid, 0)
                for cid in self.search([("id", "child_of", category.id)]).ids
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("A category cannot be its own parent or ancestor.")
            )
