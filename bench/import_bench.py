"""Generate a disputes workbook, time python-calamine reading it, the import of it and the database's bulk
load of the rows the import ends with; print the times and the ratios.

.venv/bin/python bench/import_bench.py [ROWS]      (default 100000; nothing is kept in the database)
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")

import django  # noqa: E402

django.setup()

from fazhi.imports.bench import measure  # noqa: E402

if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    r = measure(rows)
    print(f"rows: {r['rows']}  created: {r['created']}  errors: {r['errors']}")
    print(f"read_seconds: {r['read_seconds']}")
    print(f"load_seconds: {r['load_seconds']}")
    print(f"import_seconds: {r['import_seconds']}")
    print(f"import_vs_floor_ratio: {r['import_vs_floor_ratio']}  (goal ≤ 1.3)")
    print(f"import_vs_read_ratio: {r['import_vs_read_ratio']}  (for information)")
