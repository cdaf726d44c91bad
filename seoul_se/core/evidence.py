"""How spending evidence is made comparable across apps (grant spending, loan fund use): an
approval number as digits and capital letters only, a file by its SHA-256."""

import hashlib
import re
from typing import Any

from seoul_se.core.text import ascii_digits


def normalise_approval(number: str) -> str:
    """A tax-invoice or card approval number without dashes, spaces or case: the same invoice
    typed differently is the same number."""
    return re.sub(r"[^0-9A-Za-z]", "", ascii_digits(number)).upper()


def file_sha256(upload: Any) -> str:
    """The content hash of an uploaded file, read in chunks; the file is rewound after."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
