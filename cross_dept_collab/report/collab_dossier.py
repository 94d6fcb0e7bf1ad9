"""The dossier (档案) of a request: its data, prepared once for the template, and a searchable PDF."""

import base64
import copy
import io
import re
import unicodedata

import lxml.html
from markupsafe import Markup
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from odoo import api, fields, models
from odoo.tools import html2plaintext
from odoo.tools.misc import format_datetime
from odoo.tools.pdf import NameObject, PdfFileReader, PdfFileWriter

from ..models import plan_timeline

DOSSIER = "cross_dept_collab.report_collab_dossier"
# the dossier's text column in CSS px (A4 less 12 mm margins, as wkhtmltopdf lays it out): the
# timeline drawn this wide is not shrunk, so its 12/10 px labels print at about 7–9 pt
TIMELINE_WIDTH = 900

# CJK fonts (Noto Sans CJK among them) draw a Kangxi radical (U+2F00–U+2FDF) or a CJK radical
# supplement character (U+2E80–U+2EFF) with the very glyph of the ideograph it stands for; the PDF
# engine then names the shared glyph by its lowest code point, so "十" is copied as "⼗", "门" as "⻔"
# and the PDF cannot be searched. A document never means the radical there: name the ideograph.
RADICALS = re.compile(r"<(2E[89A-F][0-9A-F]|2F[0-9A-D][0-9A-F])>")
CMAP_BLOCKS = re.compile(rb"(beginbf(?:char|range))(.*?)(endbf(?:char|range))", re.S)
# Unicode's Equivalent_Unified_Ideograph of the radical supplement, radical then ideograph (Kangxi
# radicals need no table: their compatibility decomposition is the ideograph).
_SUPPLEMENT = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕彐⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王"
    "⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長"
    "⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)
SUPPLEMENT = {_SUPPLEMENT[i]: _SUPPLEMENT[i + 1] for i in range(0, len(_SUPPLEMENT), 2)}


def _ideograph(match):
    radical = chr(int(match.group(1), 16))
    ideograph = SUPPLEMENT.get(radical) or unicodedata.normalize("NFKC", radical)
    if len(ideograph) != 1 or ideograph == radical:
        return match.group(0)
    return f"<{ideograph.encode('utf-16-be').hex().upper()}>"


def _fix_cmap(data):
    """The ToUnicode map with every radical destination replaced by its ideograph.

    Only destinations change: in ``bfchar`` lines the second code, in ``bfrange`` lines the third
    one or the codes of its array; source codes (glyph ids) are kept as they are.
    """

    def fix_block(block):
        lines = []
        for line in block.group(2).decode("latin-1").split("\n"):
            codes = line.split(None, 2 if block.group(1) == b"beginbfrange" else 1)
            if len(codes) < 2:
                lines.append(line)
                continue
            source, destination = " ".join(codes[:-1]), codes[-1]
            lines.append(f"{source} {RADICALS.sub(_ideograph, destination)}")
        return block.group(1) + "\n".join(lines).encode("latin-1") + block.group(3)

    return CMAP_BLOCKS.sub(fix_block, data)


def _fix_to_unicode_maps(reader):
    """Fix every font's ToUnicode map of the document in place; True when one changed."""
    seen = set()
    changed = False
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for font in fonts.get_object().values() if fonts else []:
            stream = font.get_object().get("/ToUnicode")
            if stream is None or id(stream.get_object()) in seen:
                continue
            stream = stream.get_object()
            seen.add(id(stream))
            data = stream.get_data()
            fixed = _fix_cmap(data)
            if fixed != data:
                # the stream is written back uncompressed: drop its filter with its old bytes
                stream._data = fixed
                stream.pop(NameObject("/Filter"), None)
                stream.pop(NameObject("/DecodeParms"), None)
                changed = True
    return changed


LATIN_RUN = re.compile(r"[\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026]+")  # WinAnsi


def _runs(text):
    """``text`` cut into (font, part): Latin in Helvetica, the rest in STSong-Light.

    STSong-Light is not embedded and its Latin widths are not those of the font a viewer puts in
    its place, so Latin drawn with it came out letter-spaced ("X M BG-202612001"); Helvetica's
    widths are the ones every viewer's substitute has, and CJK glyphs are one em wide in any font."""
    runs, position = [], 0
    for match in LATIN_RUN.finditer(text or ""):
        if match.start() > position:
            runs.append(("STSong-Light", text[position : match.start()]))
        runs.append(("Helvetica", match.group()))
        position = match.end()
    if position < len(text or ""):
        runs.append(("STSong-Light", text[position:]))
    return runs


def _draw(band, x, y, text, size, right=False):
    """Draw ``text`` at (x, y) run by run (see _runs); ``right``: x is where it ends."""
    runs = _runs(text)
    if right:
        x -= sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs)
    for font, part in runs:
        band.setFont(font, size)
        band.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, font, size)


def _band(page_width, page_height, header, footer):
    """One page of running header and footer (left and right texts), drawn with reportlab.

    STSong-Light is one of the PDF standard CJK fonts: viewers bring it (nothing to embed) and its
    text extracts as Unicode, so the header and footer are searchable too.
    """
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    margin = 12 * mm
    out = io.BytesIO()
    band = canvas.Canvas(out, pagesize=(page_width, page_height))
    band.setFont("STSong-Light", 8)
    band.setFillColorRGB(0.35, 0.4, 0.45)
    band.setStrokeColorRGB(0.75, 0.8, 0.85)
    band.setLineWidth(0.5)
    if header:
        top = page_height - 10 * mm
        _draw(band, margin, top, header[0], 8)
        _draw(band, page_width - margin, top, header[1], 8, right=True)
        band.line(margin, top - 2 * mm, page_width - margin, top - 2 * mm)
    bottom = 8 * mm
    band.line(margin, bottom + 3.5 * mm, page_width - margin, bottom + 3.5 * mm)
    _draw(band, margin, bottom, footer[0], 8)
    _draw(band, page_width - margin, bottom, footer[1], 8, right=True)
    band.save()
    return PdfFileReader(io.BytesIO(out.getvalue()), strict=False).pages[0]


def finish_dossier_pdf(pdf, header, footer_left, page_label):
    """The dossier as people read it: searchable Chinese text, and on every page a footer with the
    print date and "page n / total", on every page but the cover the company and request header.

    ``page_label(page, total)`` gives the page number text in the reader's language. The bands are
    drawn here rather than by wkhtmltopdf: its header and footer need a patched Qt that Linux
    distributions do not ship.
    """
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    _fix_to_unicode_maps(reader)
    writer = PdfFileWriter()
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        page.merge_page(
            _band(
                float(box.width),
                float(box.height),
                header if number > 1 else None,
                (footer_left, page_label(number, total)),
            )
        )
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _whole_rows(html):
    """The dossier's tables with rows a page break cannot cut: wkhtmltopdf (unpatched Qt) cuts a
    table row in two at a page break whatever ``page-break-inside`` says on the row or its cells,
    but keeps a block whole. Each table with fixed column widths (a ``colgroup``) becomes a block
    of one-row tables — its header row first — each row in a ``div.o_collab_row`` that avoids a
    break; the shared column widths keep them aligned as one table."""
    root = lxml.html.fromstring(html)
    tables = root.xpath(
        "//div[contains(concat(' ', normalize-space(@class), ' '), ' o_collab_dossier ')]//table[colgroup]"
    )
    for table in tables:
        colgroup = table.find("colgroup")
        rows = table.xpath("./thead/tr | ./tbody/tr | ./tr")
        heads = table.xpath("./thead/tr")
        block = lxml.html.Element("div", {"class": "o_collab_rows"})
        for row in rows:
            part = lxml.html.Element("table", {"class": "o_collab_row_head"} if row in heads else {})
            part.append(copy.deepcopy(colgroup))
            part.append(row)  # moved out of the old table
            if row in heads:
                block.append(part)
            else:
                wrapper = lxml.html.Element("div", {"class": "o_collab_row"})
                wrapper.append(part)
                block.append(wrapper)
        block.tail = table.tail
        table.getparent().replace(table, block)
    return Markup(lxml.html.tostring(root.getroottree(), encoding="unicode", method="html", doctype="<!DOCTYPE html>"))


def dossier_lang(env):
    """The dossier's language: the reader's, or the one asked for (the archive on close is in the
    company's language, ``collab_dossier_lang``)."""
    return env.context.get("collab_dossier_lang") or env.user.lang or "en_US"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _collab_archive_dossier(self, requests):
        """Store the PDF dossier of each closed request (once), readable by the coordinator and
        the sponsor only (the request's ``dossier_pdf`` field's groups)."""
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier")
        # sudo: the archive is written by the workflow; the field is restricted to its readers
        for request in requests.sudo().filtered(lambda r: not r.dossier_pdf):
            # the archive is the company's record: in its language, whoever closes (a fresh
            # print renders for its reader)
            pdf, kind = report.with_context(collab_dossier_lang=request.company_id._collab_lang())._render_qweb_pdf(
                report.report_name, request.ids
            )
            if kind == "pdf":
                request.write({"dossier_pdf": base64.b64encode(pdf), "dossier_filename": f"Dossier {request.name}.pdf"})
        return True

    def _render_qweb_html(self, report_ref, docids, data=None):
        # the dossier is read in the reader's language, its headings included (``t-lang`` alone
        # translates the data but not the template's own terms)
        report = self
        if self._get_report(report_ref).report_name != DOSSIER:
            return super()._render_qweb_html(report_ref, docids, data=data)
        report = self.with_context(lang=dossier_lang(self.env))
        html, kind = super(IrActionsReport, report)._render_qweb_html(report_ref, docids, data=data)
        return _whole_rows(html), kind

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        if self._get_report(report_ref).report_name != DOSSIER:
            return streams
        lang = dossier_lang(self.env)
        env = self.with_context(lang=lang).env
        requests = env["collab.request"].browse([res_id for res_id in streams if res_id])
        printed = env._(
            "Printed on %(date)s",
            date=format_datetime(env, fields.Datetime.now(), tz=env.user.tz, lang_code=lang),
        )

        def page_label(page, total):
            return env._("Page %(page)s / %(total)s", page=page, total=total)

        for res_id, entry in streams.items():
            # an archived dossier was finished when it was archived
            if entry["attachment"] or not entry["stream"]:
                continue
            request = requests.browse(res_id) if res_id else requests[:0]
            header = (request.company_id.name or env.company.name, request.display_name or "")
            pdf = finish_dossier_pdf(entry["stream"].getvalue(), header, printed, page_label)
            entry["stream"].close()
            entry["stream"] = io.BytesIO(pdf)
        return streams


class ReportCollabDossier(models.AbstractModel):
    """Everything the dossier prints, read with the reader's rights, in the reader's language."""

    _name = "report.cross_dept_collab.report_collab_dossier"
    _description = "Collaboration Dossier"

    @api.model
    def _get_report_values(self, docids, data=None):
        lang = dossier_lang(self.env)
        requests = self.env["collab.request"].with_context(lang=lang).browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "collab.request",
            "docs": requests,
            "lang": lang,
            "print_date": format_datetime(self.env, fields.Datetime.now(), tz=self.env.user.tz, lang_code=lang),
            "dossiers": {request.id: self._dossier(request) for request in requests},
        }

    def _dossier(self, request):
        project = request.project_id
        project_hidden = bool(project) and not self._reads_whole_project(project)
        if project_hidden:
            # a reader of the request outside the project's team (its initiator from another
            # department, a CC): the request's part — asks, reviews, decisions — not the project's
            project = project.browse()
        by_project = [("project_id", "=", project.id)] if project else [("id", "=", 0)]
        env = request.env
        attachments_domain = [("res_model", "=", "collab.request"), ("res_id", "=", request.id)]
        if project:
            attachments_domain = [
                "|",
                "&",
                *attachments_domain,
                "&",
                ("res_model", "=", "project.project"),
                ("res_id", "=", project.id),
            ]
        tasks = project._plan_tasks() if project else env["project.task"]
        return {
            "project": project,
            "project_hidden": project_hidden,
            # drawn at the page's width, so its labels print at their size (see TIMELINE_WIDTH)
            "timeline_svg": (
                Markup(plan_timeline.render_timeline_svg(*project._plan_timeline_input(), fit_width=TIMELINE_WIDTH))
                if project
                else ""
            ),
            "approvals": request.approval_ids.sorted(lambda a: (a.round, a.department_id.name or "")),
            "decisions": request.decision_ids.sorted(lambda d: (d.date, d.id)),
            "members": project.member_ids,
            "signoffs": project.with_context(active_test=False).signoff_ids,
            "tasks": tasks,
            "updates": tasks.progress_update_ids.sorted("date"),
            "risks": env["collab.risk"].search(by_project, order="date_reported, id"),
            "changes": env["collab.change.request"].search(by_project, order="id"),
            "meetings": env["collab.meeting"].search(by_project, order="date, id"),
            "acceptances": env["collab.acceptance"].search(by_project, order="task_id, round, id"),
            "retrospectives": request.retrospective_ids,
            "lessons": {
                retro.id: [self._lesson(lesson) for lesson in retro.lesson_ids] for retro in request.retrospective_ids
            },
            "attachments": env["ir.attachment"].search(attachments_domain, order="create_date, id"),
        }

    @staticmethod
    def _reads_whole_project(project):
        """Whether the printing user reads the project and every one of its tasks (the plan, the
        timeline and the follow-up read them all)."""
        if not project.has_access("read"):
            return False
        Task = project.env["project.task"].with_context(active_test=False)
        domain = [("project_id", "=", project.id)]
        # sudo: only counts the project's tasks, to compare with those the reader may read
        return Task.search_count(domain) == Task.sudo().search_count(domain)

    @staticmethod
    def _lesson(lesson):
        """``(title, body)``; no title when the body merely repeats it (lessons made from suggestions)."""
        body = html2plaintext(lesson.body or "").strip()
        title = lesson.name or ""
        if body.startswith(title.rstrip("…").strip()):
            return "", body
        return title, body
