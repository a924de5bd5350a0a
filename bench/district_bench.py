"""Prints `fazhi bench --json` for the database in DATABASE_URL (SQLite by default).

Set-up once:  fazhi demo --townships 50 --years 10     (district scale, a few minutes)
Then:         python bench/district_bench.py [--repeat 7] [--import-rows 100000]
"""

import os
import sys

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from fazhi.cli import main

    sys.exit(main(["bench", "--json", *sys.argv[1:]]))
