import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RealestateUniqueNameMixin(models.AbstractModel):
    """A configuration list whose names must not repeat, whatever their case.

    The names are translatable, so a SQL unique constraint on the stored JSON
    would let "VIP" and "vip" live side by side.
    """

    _name = "realestate.unique.name.mixin"
    _description = "Configuration entry with a unique name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    @api.constrains("name")
    def _check_name(self):
        for record in self:
            # =ilike without wildcards: "A_B" is not a twin of "AXB".
            pattern = re.sub(r"([\\%_])", r"\\\1", record.name)
            twins = record.with_context(active_test=False).search_count(
                [("name", "=ilike", pattern), ("id", "!=", record.id)]
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        '"%(name)s" already exists in %(list)s.',
                        name=record.name,
                        list=record._description,
                    )
                )
