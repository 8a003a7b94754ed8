from odoo import fields, models


class RealestateProject(models.Model):
    _name = "realestate.project"
    _description = "Real Estate Project"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    city = fields.Char()
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
