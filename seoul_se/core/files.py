"""Serving private uploads (evidence, attachments, workbooks): the caller checks access first."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_file_response(file: FieldFile | None, filename: str = "") -> FileResponse:
    """The stored file as a download named ``filename`` (default: its stored name); 404 if none."""
    if not file:
        raise Http404("파일이 없습니다.")
    name = filename or (file.name or "").rsplit("/", 1)[-1]
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)
