"""Serving private uploads (evidence, attachments, workbooks): the caller checks access first."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from seoul_se.audit.recording import log_download


def private_file_response(file: FieldFile | None, filename: str = "") -> FileResponse:
    """The stored file as a download named ``filename`` (default: its stored name); 404 if none."""
    if not file:
        raise Http404("파일이 없습니다.")
    name = filename or (file.name or "").rsplit("/", 1)[-1]
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name)
    # Evidence and workbooks hold personal data: every download goes into the access log.
    log_download(file.instance)
    return response
