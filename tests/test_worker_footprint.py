"""A worker that serves survey pages stays small (issue 15: under 100 MB after the survey
load): the PDF and spreadsheet libraries load only in a worker asked for a PDF or a roster."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_new_app_loads_no_pdf_or_spreadsheet_library(tmp_path):
    script = (
        "import sys\n"
        "from assessment import create_app\n"
        f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'k' * 40}}, "
        f"instance_path={str(tmp_path)!r})\n"
        "print(sorted(m for m in ('reportlab', 'PIL', 'pypdf', 'openpyxl', 'qrcode') "
        "if m in sys.modules))\n")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert loaded == "[]"
