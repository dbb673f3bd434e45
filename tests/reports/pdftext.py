"""A PDF's words where poppler's pdftotext places them (Debian's poppler-utils: `make poppler`)."""
import shutil
import subprocess

import pytest


def bbox_xml(pdf, tmp_path):
    """``pdftotext -bbox``'s XHTML of the PDF: a <page> per page, a <word> per word with its box."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make poppler` installs Debian's poppler-utils")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
