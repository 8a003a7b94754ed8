"""The shipped translation files match the code, and zh_CN covers every term."""

import io
import re
from pathlib import Path

import polib

from odoo.tests.common import TransactionCase
from odoo.tools.translate import trans_export

I18N = Path(__file__).resolve().parent.parent / "realestate_customer_file" / "i18n"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def _keys(po):
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


class TestTranslations(TransactionCase):
    test_module = "realestate_customer_file"
    test_tags = {"standard", "post_install"}

    def test_pot_matches_the_code(self):
        buffer = io.BytesIO()
        trans_export(None, ["realestate_customer_file"], buffer, "po", self.env.cr)
        exported = polib.pofile(buffer.getvalue().decode())
        shipped = polib.pofile(str(I18N / "realestate_customer_file.pot"))
        missing = _keys(exported) - _keys(shipped)
        stale = _keys(shipped) - _keys(exported)
        self.assertFalse(
            missing, f"terms missing from the .pot (run setup/i18n): {missing}"
        )
        self.assertFalse(stale, f"terms in the .pot no longer in the code: {stale}")

    def test_zh_cn_translates_every_term(self):
        pot = polib.pofile(str(I18N / "realestate_customer_file.pot"))
        po = polib.pofile(str(I18N / "zh_CN.po"))
        self.assertEqual(_keys(po), _keys(pot), "zh_CN.po is out of step with .pot")
        untranslated = [entry.msgid for entry in po if not entry.msgstr]
        self.assertFalse(untranslated, f"untranslated zh_CN terms: {untranslated}")
        for entry in po:
            self.assertEqual(
                sorted(PLACEHOLDER.findall(entry.msgid)),
                sorted(PLACEHOLDER.findall(entry.msgstr)),
                f"placeholders differ in the zh_CN translation of {entry.msgid!r}",
            )
