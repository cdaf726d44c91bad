"""The same table as an .xlsx, .xls (BIFF8) or CP949 .csv upload, for the import kinds' tests."""

import csv
import io

import xlwt
from openpyxl import Workbook


def sheet_file(header: list[str], rows: list[list], fmt: str = "xlsx") -> io.BytesIO:
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text).writerows([header, *rows])
        return io.BytesIO(text.getvalue().encode("cp949"))
    if fmt == "xls":
        book = xlwt.Workbook()
        sheet = book.add_sheet("Sheet1")
        for r, values in enumerate([header, *rows]):
            for c, value in enumerate(values):
                sheet.write(r, c, value)
        data = io.BytesIO()
        book.save(data)
        data.seek(0)
        return data
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for values in [header, *rows]:
        sheet.append(values)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data
