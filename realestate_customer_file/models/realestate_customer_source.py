from odoo import fields, models


class RealestateCustomerSource(models.Model):
    _name = "realestate.customer.source"
    _inherit = "realestate.unique.name.mixin"
    _description = "Customer Source Channel"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
