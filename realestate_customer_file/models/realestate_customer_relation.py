from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_date

RELATION_TYPES = [
    ("spouse", "Spouse"),
    ("family", "Family Member"),
    ("co_buyer", "Co-buyer"),
    ("referred_by", "Referred by"),
    ("agency", "Agency / Channel"),
    ("employer", "Employer"),
    ("other", "Other"),
]

# Types that read the same from both sides: "A spouse of B" is "B spouse of A",
# so either direction records the same link. The other types are directed.
SYMMETRIC_TYPES = ("spouse", "family", "co_buyer", "other")

SYMMETRIC_INDEX = "realestate_customer_relation_symmetric_uniq"
DIRECTED_INDEX = "realestate_customer_relation_directed_uniq"

# Fields that make up a link; a write touching none of them cannot duplicate one.
LINK_FIELDS = {"relation_type", "partner_id", "related_partner_id", "active"}


def _link_key(relation_type, partner_id, related_partner_id):
    """What two records of the same link have in common, as the unique
    indexes see it: symmetric types ignore the direction."""
    if relation_type in SYMMETRIC_TYPES:
        low, high = sorted((partner_id, related_partner_id))
        return relation_type, low, high
    return relation_type, partner_id, related_partner_id


class RealestateCustomerRelation(models.Model):
    """A typed link between two partners (客户关系): spouses, family members,
    co-buyers, who referred whom, the agency that reported a customer, an
    employer.

    The link is recorded once, from ``partner_id`` to ``related_partner_id``,
    and reads from either side: "Referred by Wang Wei" on Zhang Min's file is
    "Referred Zhang Min" on Wang Wei's. A link cannot be recorded twice while
    active; for the symmetric types the reverse direction is the same link.
    The reverse of a directed link is another link and is allowed (A referred
    by B and B referred by A is odd, but nothing to refuse).
    """

    _name = "realestate.customer.relation"
    _description = "Customer Relationship"
    _order = "partner_id, relation_type, id"
    _rec_names_search = ["partner_id", "related_partner_id"]

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="cascade",
    )
    related_partner_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="cascade",
    )
    relation_type = fields.Selection(
        selection=RELATION_TYPES, string="Relationship Type", required=True
    )
    note = fields.Text(string="Notes")
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="End Date")
    active = fields.Boolean(default=True)
    display_for_partner = fields.Char(
        string="Relationship",
        compute="_compute_display_for_partner",
        help="The link as it reads from the partner whose file is open.",
    )

    def init(self):
        res = super().init()
        cr = self.env.cr
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (relation_type, "
                "LEAST(partner_id, related_partner_id), "
                "GREATEST(partner_id, related_partner_id)) "
                "WHERE active AND relation_type IN %s",
                SQL.identifier(SYMMETRIC_INDEX),
                SQL.identifier(self._table),
                SYMMETRIC_TYPES,
            )
        )
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s "
                "(relation_type, partner_id, related_partner_id) "
                "WHERE active AND relation_type NOT IN %s",
                SQL.identifier(DIRECTED_INDEX),
                SQL.identifier(self._table),
                SYMMETRIC_TYPES,
            )
        )
        return res

    # ------------------------------------------------------------------
    # Wording
    # ------------------------------------------------------------------

    def _wording(self, relation_type, name, reverse=False):
        """How a link of ``relation_type`` reads about the other partner,
        called ``name``: from the ``partner_id`` side, or from the
        ``related_partner_id`` side when ``reverse``."""
        if relation_type == "spouse":
            return self.env._("Spouse of %(name)s", name=name)
        if relation_type == "family":
            return self.env._("Family of %(name)s", name=name)
        if relation_type == "co_buyer":
            return self.env._("Co-buyer with %(name)s", name=name)
        if relation_type == "referred_by":
            if reverse:
                return self.env._("Referred %(name)s", name=name)
            return self.env._("Referred by %(name)s", name=name)
        if relation_type == "agency":
            if reverse:
                return self.env._("Agency of %(name)s", name=name)
            return self.env._("Reported by agency %(name)s", name=name)
        if relation_type == "employer":
            if reverse:
                return self.env._("Employs %(name)s", name=name)
            return self.env._("Works for %(name)s", name=name)
        return self.env._("Related to %(name)s", name=name)

    def _wording_for(self, partner_id):
        """The link as seen from ``partner_id``; from the ``partner_id`` side
        unless that partner is the related one."""
        self.ensure_one()
        # The other side may be a customer file the reader cannot open; its
        # name is shown all the same, as a many2one field would show it.
        relation = self.sudo()
        if partner_id and partner_id == relation.related_partner_id.id:
            return self._wording(
                relation.relation_type, relation.partner_id.display_name, True
            )
        return self._wording(
            relation.relation_type, relation.related_partner_id.display_name
        )

    # ------------------------------------------------------------------
    # Computed fields
    # ------------------------------------------------------------------

    @api.depends_context("lang")
    @api.depends(
        "relation_type", "partner_id.display_name", "related_partner_id.display_name"
    )
    def _compute_display_name(self):
        for relation in self:
            if not (relation.relation_type and relation.related_partner_id):
                relation.display_name = relation.sudo().partner_id.display_name
                continue
            relation.display_name = self.env._(
                "%(partner)s: %(relation)s",
                partner=relation.sudo().partner_id.display_name,
                relation=relation._wording(
                    relation.relation_type,
                    relation.sudo().related_partner_id.display_name,
                ),
            )

    @api.depends_context("lang", "relation_partner_id")
    @api.depends(
        "relation_type", "partner_id.display_name", "related_partner_id.display_name"
    )
    def _compute_display_for_partner(self):
        seen_from = self.env.context.get("relation_partner_id")
        for relation in self:
            if not (relation.relation_type and relation.related_partner_id):
                relation.display_for_partner = False
                continue
            relation.display_for_partner = relation._wording_for(seen_from)

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    @api.constrains("partner_id", "related_partner_id")
    def _check_not_self(self):
        for relation in self:
            if relation.partner_id == relation.related_partner_id:
                raise ValidationError(
                    self.env._(
                        "Related Partner: %(name)s cannot be linked to themselves.",
                        name=relation.sudo().partner_id.display_name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for relation in self:
            start, end = relation.date_start, relation.date_end
            if start and end and end < start:
                raise ValidationError(
                    self.env._(
                        "End Date: the relationship cannot end (%(end)s) before "
                        "it starts (%(start)s).",
                        end=format_date(self.env, end),
                        start=format_date(self.env, start),
                    )
                )

    def _check_duplicate_links(self, links, exclude_ids=()):
        """Raise if one of ``links`` is already recorded, or twice among them.

        ``links`` holds the (relation_type, partner_id, related_partner_id) of
        the active relationships about to be saved. It runs before they are
        written, since the unique indexes would refuse them first, and with one
        search for the whole batch, as superuser: the existing link may be
        between partners the user cannot see.
        """
        links = [link for link in links if all(link)]
        if not links:
            return
        seen = set()
        for link in links:
            key = _link_key(*link)
            if key in seen:
                raise self._duplicate_error(link)
            seen.add(key)
        partner_ids = list({pid for _type, *pair in links for pid in pair})
        existing = (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [
                    ("id", "not in", list(exclude_ids)),
                    ("relation_type", "in", list({link[0] for link in links})),
                    ("partner_id", "in", partner_ids),
                    ("related_partner_id", "in", partner_ids),
                ]
            )
        )
        taken = {
            _link_key(r.relation_type, r.partner_id.id, r.related_partner_id.id)
            for r in existing
        }
        for link in links:
            if _link_key(*link) in taken:
                raise self._duplicate_error(link)

    def _duplicate_error(self, link):
        relation_type, partner_id, related_partner_id = link
        Partner = self.env["res.partner"].sudo()
        return ValidationError(
            self.env._(
                "Related Partner: %(partner)s is already recorded as “%(relation)s”.",
                partner=Partner.browse(partner_id).display_name,
                relation=self._wording(
                    relation_type, Partner.browse(related_partner_id).display_name
                ),
            )
        )

    def _unique_violation(self, error):
        """Turn a violation of the unique indexes into a readable error."""
        constraint = getattr(error.diag, "constraint_name", None)
        if constraint not in (SYMMETRIC_INDEX, DIRECTED_INDEX):
            return None
        return ValidationError(
            self.env._(
                "Related Partner: the same relationship was saved by someone "
                "else at the same moment; reload the page to see it."
            )
        )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.default_get(list(LINK_FIELDS))
        links = []
        for vals in vals_list:
            link = {
                fname: vals.get(fname, defaults.get(fname)) for fname in LINK_FIELDS
            }
            if link["active"]:
                links.append(
                    (
                        link["relation_type"],
                        link["partner_id"],
                        link["related_partner_id"],
                    )
                )
        self._check_duplicate_links(links)
        try:
            with self.env.cr.savepoint():
                return super().create(vals_list)
        except pg_errors.UniqueViolation as error:
            readable = self._unique_violation(error)
            if readable is None:
                raise
            raise readable from None

    def write(self, vals):
        if not LINK_FIELDS & vals.keys():
            return super().write(vals)
        links = [
            (
                vals.get("relation_type", relation.relation_type),
                vals.get("partner_id", relation.partner_id.id),
                vals.get("related_partner_id", relation.related_partner_id.id),
            )
            for relation in self
            if vals.get("active", relation.active)
        ]
        self._check_duplicate_links(links, exclude_ids=self.ids)
        try:
            with self.env.cr.savepoint():
                result = super().write(vals)
                self.flush_recordset()
        except pg_errors.UniqueViolation as error:
            readable = self._unique_violation(error)
            if readable is None:
                raise
            raise readable from None
        return result
