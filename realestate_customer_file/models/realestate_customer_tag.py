from random import randint

from odoo import fields, models


class RealestateCustomerTag(models.Model):
    _name = "realestate.customer.tag"
    _inherit = "realestate.unique.name.mixin"
    _description = "Customer Tag"
    _order = "name"

    color = fields.Integer(default=lambda self: randint(1, 11))
