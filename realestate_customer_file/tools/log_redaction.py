import logging
import re

# Unique indexes whose violation messages quote a customer's phone or ID number.
PERSONAL_INDEXES = (
    "res_partner_estate_mobile_uniq",
    "res_partner_estate_id_number_uniq",
)
# Tables whose rows hold personal data: a failed query on them may quote it.
_PERSONAL_TABLES = re.compile(r"\b(res_partner|realestate_\w+)\b")
WITHHELD = "<withheld: it holds personal data>"


class PersonalDataQueryFilter(logging.Filter):
    """Keep personal data out of the "bad query" lines of a database logger.

    A query on the contacts or the addon's tables that the database refuses is
    logged with its values, and PostgreSQL's message adds the offending row or
    key (a phone or ID number). Such a record keeps the first line of the
    error when it names a constraint, else only the error's class, and loses
    the query.
    """

    def filter(self, record):
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) == 2 and str(record.msg).startswith("bad query"):
            query, error = args
            text = str(error)
            if _PERSONAL_TABLES.search(str(query)) or any(
                name in text for name in PERSONAL_INDEXES
            ):
                first_line = text.splitlines()[0] if text else ""
                reason = (
                    first_line if "constraint" in first_line else type(error).__name__
                )
                record.args = (WITHHELD, reason)
        return True


class PersonalDataErrorFilter(logging.Filter):
    """Log an error that may quote personal data by its redacted form.

    The web server logs the message of every user error it returns. An error
    that offers a ``redacted_log_message`` (the addon's checks of phone and ID
    numbers do) is logged as that instead.
    """

    def filter(self, record):
        redacted = getattr(record.msg, "redacted_log_message", None)
        if isinstance(redacted, str):
            record.msg, record.args = redacted, ()
        return True


def install(query_logger="odoo.sql_db", error_logger="odoo.http"):
    for name, kind in (
        (query_logger, PersonalDataQueryFilter),
        (error_logger, PersonalDataErrorFilter),
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
