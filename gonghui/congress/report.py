"""The proposal-handling report (提案处理情况报告) for the next congress, as Word and PDF.

Both are drawn from report_figures(): the same counts and the same proposals as the page.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone

from .models import CosignState
from .selectors import report_figures


def report_context(session) -> dict:
    figures = report_figures(session)
    for case in figures["cases"]:
        case.cosigner_names = "、".join(
            c.user.display_name for c in case.proposal.cosigners.all() if c.state == CosignState.CONFIRMED
        )
    return {
        "session": session,
        "title": f"关于{session.title}提案处理情况的报告",
        "today": timezone.localdate(),
        **figures,
    }


def summary_text(ctx) -> str:
    o = ctx["overall"]
    text = (
        f"{ctx['session'].title}期间，提案工作委员会共收到职工代表提案 {o['total']} 件，"
        f"经审查立案 {o['registered']} 件，不立案转意见建议 {o['suggestions']} 件"
    )
    if o["pending"]:
        text += f"，尚待审查 {o['pending']} 件"
    text += f"。截至 {ctx['today']:%Y年%m月%d日}，已答复 {o['answered']} 件，已办结 {o['closed']} 件"
    if o["satisfaction"] is not None:
        text += f"；提案人评价 {o['rated']} 件，满意和基本满意率 {o['satisfaction']}%"
    return text + "。"


def _co_unit_line(cu) -> str:
    due = f"（期限 {timezone.localtime(cu.due_at):%Y-%m-%d}）" if cu.due_at else ""
    opinion = f"{cu.reply}（{timezone.localtime(cu.replied_at):%Y-%m-%d}）" if cu.replied_at else "尚未提交协办意见"
    return f"{cu.unit.name}{due}：{opinion}"


def _dates(case) -> str:
    text = f"；{timezone.localtime(case.answered_at):%Y-%m-%d} 答复" if case.answered_at else ""
    return text + (f"；{timezone.localtime(case.closed_at):%Y-%m-%d} 办结" if case.closed_at else "")


def render_pdf(session) -> bytes:
    from weasyprint import HTML

    ctx = report_context(session)
    html = render_to_string("congress/report_print.html", {**ctx, "summary": summary_text(ctx)})
    return HTML(string=html).write_pdf()


def render_docx(session) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    ctx = report_context(session)
    doc = Document()
    # python-docx's blank document is US Letter; Chinese offices print on A4.
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")

    title = doc.add_heading(ctx["title"], level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(summary_text(ctx))

    def table(heading, header, rows):
        doc.add_heading(heading, level=1)
        grid = doc.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = "" if value is None else str(value)

    table("一、按类别", ["类别", "件数"], ctx["by_category"])
    table(
        "二、按承办部门",
        ["主办部门", "件数", "已答复", "满意和基本满意"],
        [(d["group"], d["total"], d["answered"], d["satisfied"]) for d in ctx["by_department"]],
    )
    table("三、按办理状态", ["状态", "件数"], ctx["by_state"])
    table("四、提案人评价", ["评价", "件数"], ctx["by_rating"])

    doc.add_heading("五、提案及答复情况", level=1)
    for case in ctx["cases"]:
        p = case.proposal
        doc.add_heading(f"{case.number} {case.title}", level=2)
        lines = [
            (
                "提案人",
                case.requester.display_name + (f"；附议人：{case.cosigner_names}" if case.cosigner_names else ""),
            ),
            ("类别", case.category_label),
            ("审查结果", p.get_disposition_display() or "待审查"),
            (
                "主办部门",
                (case.lead_unit.name if case.lead_unit_id else "—")
                + (f"（办理期限 {timezone.localtime(case.due_at):%Y-%m-%d}）" if case.due_at else ""),
            ),
            *(
                [("协办部门", "；".join(_co_unit_line(cu) for cu in case.co_units))]
                if getattr(case, "co_units", None)
                else []
            ),
            ("办理状态", case.state_label + _dates(case)),
            ("案由", case.body),
            ("建议措施", p.measures),
            ("答复", case.answer or "尚未答复"),
            ("提案人评价", case.get_rating_display() or "未评价"),
        ]
        if p.disposition_reason:
            lines.insert(3, ("审查意见", p.disposition_reason))
        for label, value in lines:
            para = doc.add_paragraph()
            para.add_run(f"{label}：").bold = True
            para.add_run(value)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
