"""Every term the installed module shows has its Simplified and Traditional Chinese translation.

The terms are those Odoo's own exporter collects from the installed module (what
``odoo-bin --i18n-export --modules=cross_dept_collab`` writes, ``scripts/collab-env i18n-export``):
the models' and fields' labels, help and selection values, the views, menus, actions and data
records, the ``_()`` / ``env._()`` terms of the Python code and the ``_t()`` / QWeb terms under
``static/``. Demo records are left out, as in Odoo's own ``.pot`` files: they are examples, not
the product.
"""

import re
from collections import defaultdict
from pathlib import Path

import polib
from lxml import etree

from odoo.modules.module import get_manifest, get_module_path
from odoo.tests import TransactionCase
from odoo.tools.translate import TranslationModuleReader

MODULE = "cross_dept_collab"
LANGUAGES = ("zh_CN", "zh_TW")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}")


def module_path():
    return Path(get_module_path(MODULE))


def demo_xmlids():
    """The external ids the module's demo files define (``<record id>``, ``<menuitem id>``…)."""
    xmlids = set()
    for name in get_manifest(MODULE)["demo"]:
        tree = etree.parse(str(module_path() / name))
        for node in tree.iter():
            xmlid = node.get("id") if isinstance(node.tag, str) else None
            if xmlid:
                xmlids.add(xmlid if "." in xmlid else f"{MODULE}.{xmlid}")
    return xmlids


def live_terms(cr):
    """``{term: [where it comes from]}`` as Odoo's exporter sees the installed module."""
    demo = demo_xmlids()
    terms = defaultdict(list)
    for module, ttype, name, res_id, source, _value, _comments in TranslationModuleReader(cr, modules=[MODULE]):
        if module != MODULE:
            continue
        if ttype in ("model", "model_terms") and res_id in demo:
            continue
        terms[source].append(f"{ttype}:{name}:{res_id}")
    return terms


def po_entries(name):
    return {entry.msgid: entry for entry in polib.pofile(str(module_path() / "i18n" / name)) if not entry.obsolete}


class TestLiveTerms(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = live_terms(cls.env.cr)

    def test_the_export_sees_every_kind_of_term(self):
        """The export reflects the installed module: fields, selections, help, views, data, code
        and the static templates each contribute terms."""
        kinds = {
            where.split(":", 2)[0] + ":" + where.split(":", 2)[1] for places in self.terms.values() for where in places
        }
        for expected in (
            "model:ir.model.fields,field_description",
            "model:ir.model.fields,help",
            "model:ir.model.fields.selection,name",
            "model_terms:ir.ui.view,arch_db",
            "model:ir.actions.act_window,name",
            "model:ir.ui.menu,name",
            "model:mail.activity.type,name",
        ):
            self.assertIn(expected, kinds)
        code_files = {
            where.split(":")[1] for places in self.terms.values() for where in places if where.startswith("code:")
        }
        self.assertTrue(any(f.endswith(".py") for f in code_files), code_files)
        self.assertIn("Collaboration Requests", self.terms)
        self.assertGreater(len(self.terms), 1000)

    def test_the_template_lists_every_live_term(self):
        """The committed .pot is the export of the installed module (regenerate it with
        ``scripts/collab-env i18n-export``)."""
        template = po_entries(f"{MODULE}.pot")
        missing = sorted(term for term in self.terms if term not in template)
        self.assertFalse(
            missing,
            f"{len(missing)} live terms are not in i18n/{MODULE}.pot (run scripts/collab-env i18n-export):\n"
            + "\n".join(f"  {term!r}  ({self.terms[term][0]})" for term in missing),
        )

    def test_every_live_term_is_translated_in_both_chinese(self):
        problems = []
        for lang in LANGUAGES:
            entries = po_entries(f"{lang}.po")
            for term in sorted(self.terms):
                entry = entries.get(term)
                if entry is None or not entry.msgstr.strip() or "fuzzy" in entry.flags:
                    problems.append(f"  [{lang}] {term!r}  ({self.terms[term][0]})")
        self.assertFalse(
            problems,
            f"{len(problems)} live terms have no translation in i18n/zh_CN.po or zh_TW.po:\n" + "\n".join(problems),
        )

    def test_translations_keep_the_placeholders(self):
        """A translation uses exactly the placeholders of its term (``%(name)s``, ``%s``, ``{{ }}``)."""
        problems = []
        for lang in LANGUAGES:
            for term, entry in po_entries(f"{lang}.po").items():
                if term not in self.terms or not entry.msgstr:
                    continue
                expected, found = sorted(PLACEHOLDER.findall(term)), sorted(PLACEHOLDER.findall(entry.msgstr))
                if expected != found:
                    problems.append(f"  [{lang}] {term!r}: {expected} → {entry.msgstr!r}: {found}")
        self.assertFalse(problems, "Translations that change the placeholders:\n" + "\n".join(problems))
