"""The certificate of completion as a PDF (reportlab). Korean text uses reportlab's built-in
CID font HYSMyeongJo-Medium: the PDF viewer supplies the glyphs, so no font file has to be
shipped or found on the server."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from education.models import Certificate

FONT = "HYSMyeongJo-Medium"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

ISSUER = "서울시사회적경제지원센터"


def render(certificate: Certificate, verify_url: str) -> bytes:
    enrolment = certificate.enrolment
    course = enrolment.course
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"수료증 {certificate.number}")
    pdf.setAuthor(ISSUER)
    width, height = A4
    pdf.setFont(FONT, 11)
    pdf.drawString(25 * mm, height - 25 * mm, f"제 {certificate.number} 호")
    pdf.setFont(FONT, 32)
    pdf.drawCentredString(width / 2, height - 60 * mm, "수 료 증")
    pdf.setFont(FONT, 14)
    lines = [
        f"성    명 : {enrolment.name}",
        f"과 정 명 : {course.title}",
        f"교육기간 : {course.starts_on:%Y.%m.%d} ~ {course.ends_on:%Y.%m.%d}",
        f"출 석 률 : {certificate.attendance_rate}%",
    ]
    y = height - 95 * mm
    for line in lines:
        pdf.drawString(35 * mm, y, line)
        y -= 12 * mm
    pdf.drawCentredString(
        width / 2, y - 15 * mm, "위 사람은 위 교육과정을 성실히 이수하였기에 이 증서를 드립니다."
    )
    pdf.drawCentredString(width / 2, y - 40 * mm, f"{certificate.issued_on:%Y년 %m월 %d일}")
    pdf.setFont(FONT, 20)
    pdf.drawCentredString(width / 2, y - 60 * mm, ISSUER)
    pdf.setFont(FONT, 9)
    pdf.drawString(25 * mm, 20 * mm, f"진위 확인: {verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
