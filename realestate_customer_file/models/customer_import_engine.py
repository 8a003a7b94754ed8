"""Turn spreadsheet rows into customer files, a batch at a time.

The engine is shared by the import wizard, ``import_file()`` and the
background job. Per batch it checks every row, looks up existing customers
with one query per key, creates the new ones in one call and records what
happened to each row. It never stops on a bad row.
"""

import logging
import re
import time

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import clean_text, spreadsheet

_logger = logging.getLogger(__name__)

# Column key -> header labels that name it (matched without case, spaces or
# punctuation). The first label is the one the template shows.
COLUMNS = {
    "name": ["姓名", "name", "客户姓名", "客户名称", "customer"],
    "mobile": ["手机", "mobile", "手机号", "手机号码", "移动电话"],
    "phone": ["电话", "phone", "座机", "固定电话", "联系电话"],
    "email": ["邮箱", "email", "e-mail", "电子邮箱", "邮件"],
    "state": ["省份", "state", "province", "省"],
    "city": ["城市", "city", "市"],
    "district": ["区县", "district", "区"],
    "street": ["详细地址", "street", "address", "地址"],
    "id_type": ["证件类型", "id_type", "document type"],
    "id_number": ["证件号码", "id_number", "身份证号", "身份证号码"],
    "category": ["客户分类", "category", "分类"],
    "tags": ["客户标签", "tags", "tag", "标签"],
    "level": ["客户等级", "level", "等级"],
    "stage": ["客户阶段", "stage", "阶段"],
    "source": ["来源", "source", "客户来源", "来源渠道"],
    "salesperson": ["置业顾问", "salesperson", "销售", "顾问", "owner"],
    "birthdate": ["出生日期", "birthdate", "生日", "birthday"],
    "note": ["备注", "note", "notes", "comment"],
}

# Partner field that a column fills, for update modes and error messages.
COLUMN_FIELDS = {
    "name": "name",
    "mobile": "mobile",
    "phone": "phone",
    "email": "email",
    "state": "state_id",
    "city": "city",
    "district": "estate_district",
    "street": "street",
    "id_type": "estate_id_type",
    "id_number": "estate_id_number",
    "category": "estate_category_id",
    "tags": "estate_tag_ids",
    "level": "estate_level",
    "stage": "estate_stage",
    "source": "estate_source_id",
    "salesperson": "user_id",
    "birthdate": "estate_birthdate",
    "note": "comment",
}

# Chinese words for selection values, whatever language the database has.
SELECTION_ALIASES = {
    "estate_stage": {
        "潜在客户": "prospect",
        "来电": "prospect",
        "到访": "visited",
        "已到访": "visited",
        "认筹": "reserved",
        "认购": "subscribed",
        "签约": "signed",
        "流失": "lost",
        "已流失": "lost",
    },
    "estate_level": {"a级": "a", "b级": "b", "c级": "c", "d级": "d"},
    "estate_id_type": {
        "身份证": "cn_resident",
        "居民身份证": "cn_resident",
        "港澳通行证": "hk_mo_permit",
        "港澳居民来往内地通行证": "hk_mo_permit",
        "台胞证": "tw_permit",
        "台湾居民来往大陆通行证": "tw_permit",
        "护照": "passport",
        "外国人永久居留身份证": "foreign_permanent",
        "永久居留证": "foreign_permanent",
        "统一社会信用代码": "uscc",
        "营业执照": "uscc",
        "其他": "other",
    },
}

TAG_SEPARATORS = re.compile(r"[,，;；、]")
STATE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def _key(value):
    return re.sub(r"[\s_\-()（）:：*]", "", clean_text(value).lower())


def _error_column(error):
    """Column key of the field a ValidationError of the addon names."""
    fname = getattr(error, "field_name", None)
    return next((key for key, f in COLUMN_FIELDS.items() if f == fname), None)


def _same_value(record, fname, value):
    """Whether writing ``value`` to ``fname`` would leave ``record`` as it is."""
    field = record._fields[fname]
    if field.type == "many2many":
        ids = {i for command in value if command[0] == 6 for i in command[2]}
        return ids == set(record[fname].ids)
    if field.type == "many2one":
        return (value or False) == record[fname].id
    return (value or False) == (record[fname] or False)


class RowError(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column
        self.message = message


class ImportRun:
    """One pass over rows, with the options of an import.

    ``on_duplicate``: "skip", "update_empty" or "update_all".
    ``create_missing``: create unknown tags and categories instead of
    reporting them. With ``dry_run`` nothing is written.
    """

    def __init__(
        self,
        env,
        header,
        column_map,
        filename,
        on_duplicate="skip",
        create_missing=False,
        dry_run=False,
    ):
        self.env = env
        self.Partner = env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        self.header = header
        self.column_map = column_map
        self.filename = filename
        self.on_duplicate = on_duplicate
        self.create_missing = create_missing
        self.dry_run = dry_run
        self.is_manager = env.user.has_group("realestate_customer_file.group_manager")
        self.counts = {"created": 0, "updated": 0, "skipped": 0, "failed": 0}
        self.results = []  # (row, outcome, messages, values)
        self.seen = {}  # key -> row number, across the whole run
        self._cache = {}
        self._regions = {}  # country id -> phone region of its numbers
        # Looked up once: env.ref() checks that the record exists each time.
        self._china = env.ref("base.cn")
        self._labels = {
            key: env["res.partner"]._fields[fname]._description_string(env)
            for key, fname in COLUMN_FIELDS.items()
        }

    # ---------------------------------------------------------------- lookups

    def _lookup(self, kind):
        if kind in self._cache:
            return self._cache[kind]
        env = self.env
        table = {}
        if kind == "state":
            for state in env["res.country.state"].search(
                [("country_id", "=", self._china.id)]
            ):
                names = {state.name, state.code}
                for suffix in STATE_SUFFIXES:
                    if state.name.endswith(suffix):
                        names.add(state.name[: -len(suffix)])
                for name in names:
                    table[_key(name)] = state.id
        elif kind in ("tag", "category", "source"):
            model = {
                "tag": "realestate.customer.tag",
                "category": "realestate.customer.category",
                "source": "realestate.customer.source",
            }[kind]
            for lang in self._languages():
                for record in env[model].with_context(lang=lang).search([]):
                    table.setdefault(_key(record.name), record.id)
                    if kind == "category":
                        table.setdefault(_key(record.complete_name), record.id)
        elif kind == "user":
            users = env["res.users"].search([("share", "=", False)])
            for user in users:
                table.setdefault(_key(user.login), user.id)
            for user in users:
                table.setdefault(_key(user.name), user.id)
        else:  # a selection field
            field = env["res.partner"]._fields[kind]
            for lang in self._languages():
                for value, label in field._description_selection(
                    env(context=dict(env.context, lang=lang))
                ):
                    table[_key(label)] = value
                    table[_key(value)] = value
            for alias, value in SELECTION_ALIASES.get(kind, {}).items():
                table[_key(alias)] = value
        self._cache[kind] = table
        return table

    def _languages(self):
        """Languages whose names of tags, stages... a file may use."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return [lang for lang in ("en_US", "zh_CN", self.env.lang) if lang in installed]

    def _find(self, kind, column, text):
        found = self._lookup(kind).get(_key(text))
        if found is None:
            raise RowError(
                column,
                self.env._(
                    "%(column)s: “%(value)s” is not known.",
                    column=self._labels[column],
                    value=text,
                ),
            )
        return found

    def _find_or_create(self, kind, column, text):
        table = self._lookup(kind)
        found = table.get(_key(text))
        if found is not None:
            return found
        if not self.create_missing:
            raise RowError(
                column,
                self.env._(
                    "%(column)s: “%(value)s” does not exist; create it first or "
                    "let the import create it.",
                    column=self._labels[column],
                    value=text,
                ),
            )
        model = (
            "realestate.customer.tag"
            if kind == "tag"
            else "realestate.customer.category"
        )
        if not self.env[model].has_access("create"):
            raise RowError(
                column,
                self.env._(
                    "%(column)s: “%(value)s” does not exist, and only a manager "
                    "can create it.",
                    column=self._labels[column],
                    value=text,
                ),
            )
        if self.dry_run:
            return False
        record = self.env[model].create({"name": text})
        table[_key(text)] = record.id
        return record.id

    # ------------------------------------------------------------ conversion

    def _row_values(self, values):
        """Partner values of one row, checked; raises RowError."""
        cells = {}
        for index, key in self.column_map.items():
            value = values[index] if index < len(values) else None
            if key in ("mobile", "phone", "id_number", "birthdate"):
                cells[key] = value  # keep numbers and dates as Excel gave them
            else:
                cells[key] = clean_text(value)
        if not cells.get("name"):
            raise RowError("name", self.env._("Name: a customer needs a name."))
        vals = {"name": cells["name"], "is_estate_customer": True}
        for key in ("city", "district", "street", "note"):
            if cells.get(key):
                vals[COLUMN_FIELDS[key]] = cells[key]
        if cells.get("email"):
            vals["email"] = cells["email"]
        for key in ("mobile", "phone"):
            if cells.get(key) not in (None, ""):
                vals[key] = cells[key]
        if cells.get("id_number") not in (None, ""):
            id_type = "cn_resident"
            if cells.get("id_type"):
                id_type = self._find("estate_id_type", "id_type", cells["id_type"])
            vals["estate_id_type"] = id_type
            vals["estate_id_number"] = cells["id_number"]
        elif cells.get("id_type"):
            vals["estate_id_type"] = self._find(
                "estate_id_type", "id_type", cells["id_type"]
            )
        if cells.get("state"):
            vals["state_id"] = self._find("state", "state", cells["state"])
            vals["country_id"] = self._china.id
        for key, kind in (("level", "estate_level"), ("stage", "estate_stage")):
            if cells.get(key):
                vals[COLUMN_FIELDS[key]] = self._find(kind, key, cells[key])
        if cells.get("source"):
            vals["estate_source_id"] = self._find("source", "source", cells["source"])
        if cells.get("birthdate") not in (None, ""):
            try:
                vals["estate_birthdate"] = spreadsheet.excel_serial_to_date(
                    cells["birthdate"]
                )
            except ValueError:
                raise RowError(
                    "birthdate",
                    self.env._(
                        "%(column)s: “%(value)s” is not a date.",
                        column=self._labels["birthdate"],
                        value=cells["birthdate"],
                    ),
                ) from None
        if cells.get("salesperson"):
            vals["user_id"] = self._find("user", "salesperson", cells["salesperson"])
            if not self.is_manager and vals["user_id"] != self.env.uid:
                raise RowError(
                    "salesperson",
                    self.env._(
                        "%(column)s: only a manager can import customers for "
                        "another salesperson.",
                        column=self._labels["salesperson"],
                    ),
                )
        if cells.get("category"):
            vals["estate_category_id"] = self._find_or_create(
                "category", "category", cells["category"]
            )
        if cells.get("tags"):
            names = [
                t.strip() for t in TAG_SEPARATORS.split(cells["tags"]) if t.strip()
            ]
            tag_ids = [self._find_or_create("tag", "tags", name) for name in names]
            vals["estate_tag_ids"] = [fields.Command.set([t for t in tag_ids if t])]
        country_id = vals.get("country_id")
        if country_id not in self._regions:
            self._regions[country_id] = self.Partner._estate_phone_region(country_id)
        try:
            self.Partner._estate_normalize_vals(vals, region=self._regions[country_id])
        except ValidationError as error:
            raise RowError(_error_column(error) or "name", str(error.args[0])) from None
        return vals

    # --------------------------------------------------------------- batches

    def process(self, rows):
        """Process a batch of (row number, values); returns the outcomes."""
        started = time.monotonic()
        checked = []
        for row, values in rows:
            try:
                checked.append((row, values, self._row_values(values)))
            except RowError as error:
                self._outcome(
                    row, "failed", [error.message], values, column=error.column
                )

        owners = self.Partner._estate_find_owners(
            mobiles=[vals.get("mobile") for _r, _v, vals in checked],
            id_numbers=[
                (vals.get("estate_id_type"), vals.get("estate_id_number_stored"))
                for _r, _v, vals in checked
            ],
            emails=[vals.get("email") for _r, _v, vals in checked],
        )
        to_create = []
        for row, values, vals in checked:
            keys = self._keys(vals)
            matches = {owners[k] for k in keys if k in owners}
            # A repeat of an earlier row is one whichever batch created that
            # row's customer, so that a dry run says what the import will do.
            earlier = next((self.seen[k] for k in keys if k in self.seen), None)
            notes = self._email_notes(vals, owners, matches)
            if earlier is not None:
                self._outcome(
                    row,
                    "skipped",
                    [
                        self.env._(
                            "Same customer as row %(row)s of this file.", row=earlier
                        )
                    ],
                    values,
                )
            elif len(matches) > 1:
                first, second = sorted(matches, key=lambda partner: partner.id)
                self._outcome(
                    row,
                    "failed",
                    [
                        self.env._(
                            "The mobile and the ID number belong to two different "
                            "customers: %(first)s and %(second)s.",
                            first=first._estate_owner_description(),
                            second=second._estate_owner_description(),
                        )
                    ],
                    values,
                )
            elif matches:
                self._update(row, values, vals, matches.pop(), notes)
            else:
                for key in keys:
                    self.seen[key] = row
                to_create.append((row, values, vals, notes))
        self._create(to_create)
        _logger.info(
            "customer import %s: %d rows checked in %.2fs",
            self.filename,
            len(rows),
            time.monotonic() - started,
        )

    def _email_notes(self, vals, owners, matches):
        """A word on an e-mail address already on another customer's file.

        Family members share addresses, so this does not stop the row; it is
        shown with the row's outcome for the user to check.
        """
        other = owners.get(("email", vals.get("email")))
        if not other or other in matches:
            return []
        return [
            self.env._(
                "E-mail %(email)s is also on the file of %(owner)s; check that "
                "this is not the same person.",
                email=vals["email"],
                owner=other._estate_owner_description(),
            )
        ]

    def _keys(self, vals):
        keys = []
        if vals.get("mobile"):
            keys.append(("mobile", vals["mobile"]))
        if vals.get("estate_id_number_stored"):
            keys.append(("id", vals["estate_id_type"], vals["estate_id_number_stored"]))
        return keys

    def _outcome(self, row, outcome, messages, values, partner=None, column=None):
        """Record what happened to a row; ``column`` is the key of the column
        a failure is about, when it is about one."""
        self.counts[outcome] += 1
        label = self._labels.get(column, "") if column else ""
        self.results.append((row, outcome, messages, values, partner, label))

    def _update(self, row, values, vals, partner, notes=()):
        description = partner._estate_owner_description()
        if self.on_duplicate == "skip":
            self._outcome(
                row,
                "skipped",
                [self.env._("Already registered as %(owner)s.", owner=description)],
                values,
                partner,
            )
            return
        owner = partner.sudo().user_id
        if owner and owner != self.env.user and not self.is_manager:
            self._outcome(
                row,
                "failed",
                [
                    self.env._(
                        "Already registered as %(owner)s; only the owner or a "
                        "manager can update it.",
                        owner=description,
                    )
                ],
                values,
            )
            return
        vals = dict(vals)
        vals.pop("is_estate_customer", None)
        current = partner.sudo()
        if self.on_duplicate == "update_empty":
            vals = {fname: value for fname, value in vals.items() if not current[fname]}
        # What the file on record already says is not written again: no
        # duplicate check of an unchanged key, no empty chatter entry.
        vals = {
            fname: value
            for fname, value in vals.items()
            if not _same_value(current, fname, value)
        }
        if "estate_id_number_stored" in vals:
            # Through the field users write, with its rules on who may.
            vals["estate_id_number"] = vals.pop("estate_id_number_stored")
        if self.dry_run:
            self._outcome(row, "updated", list(notes), values, partner)
            return
        try:
            with self.env.cr.savepoint():
                if vals:
                    # As the importing user, with the chatter on: an update
                    # obeys the rules and leaves the trace a form edit would.
                    partner.with_env(self.env).write(vals)
        except (ValidationError, AccessError, UserError) as error:
            self._outcome(
                row, "failed", [str(error.args[0])], values, column=_error_column(error)
            )
            return
        except psycopg2.Error as error:
            self._outcome(row, "failed", [self._refused(row, error)], values)
            return
        self._outcome(row, "updated", list(notes), values, partner)

    def _refused(self, row, error):
        """Message of a row the database refused for a reason no check saw.

        The database's own message may quote the row's data, so neither the
        log nor the user gets it, only the kind of error.
        """
        _logger.warning(
            "customer import %s: row %d refused by the database (%s)",
            self.filename,
            row,
            type(error).__name__,
        )
        return self.env._(
            "The database refused this row (%(reason)s); check its values.",
            reason=type(error).__name__,
        )

    def _create(self, to_create):
        if not to_create:
            return
        if self.dry_run:
            for row, values, _vals, notes in to_create:
                self._outcome(row, "created", list(notes), values)
            return
        for _row, _values, vals, _notes in to_create:
            # Saying "no salesperson" spares the ORM working out, row by row,
            # a salesperson from a parent company that imported rows never have.
            vals.setdefault("user_id", False)
        try:
            with self.env.cr.savepoint():
                partners = self.Partner._estate_bulk_create(
                    [vals for _r, _v, vals, _n in to_create]
                )
        except (ValidationError, AccessError, UserError, psycopg2.Error):
            # One row breaks a rule the checks could not see; save the others
            # one by one so that only that row fails.
            partners = self.Partner.browse()
            created_rows = []
            for row, values, vals, notes in to_create:
                try:
                    with self.env.cr.savepoint():
                        partners |= self.Partner.create(dict(vals))
                except (ValidationError, AccessError, UserError) as error:
                    self._outcome(
                        row,
                        "failed",
                        [str(error.args[0])],
                        values,
                        column=_error_column(error),
                    )
                except psycopg2.Error as error:
                    self._outcome(row, "failed", [self._refused(row, error)], values)
                else:
                    created_rows.append((row, values, vals, notes))
        else:
            created_rows = to_create
        for (row, values, _vals, notes), partner in zip(
            created_rows, partners, strict=True
        ):
            self._outcome(row, "created", list(notes), values, partner)
        partners._estate_log_import_notes(
            [row for row, _v, _vals, _n in created_rows], self.filename
        )

    def skipped_rows_for_report(self):
        """(row, messages) of each row skipped as a duplicate."""
        return [
            (row, messages)
            for row, outcome, messages, _v, _p, _c in self.results
            if outcome == "skipped"
        ]

    def failed_rows_for_report(self):
        """(row, values, messages, column label) of each failed row."""
        return [
            (row, values, messages, column)
            for row, outcome, messages, values, _p, column in self.results
            if outcome == "failed"
        ]
