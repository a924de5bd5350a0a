"""Production settings: refuse to start without a secret key and hosts; `check --deploy` is clean."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEYS = "p1:" + base64.b64encode(secrets.token_bytes(32)).decode()
INDEX_KEY = base64.b64encode(secrets.token_bytes(32)).decode()


def _manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "FAZHI_DATA_KEY", "FAZHI_INDEX_KEY")
    }
    base["FAZHI_KEY_FILE"] = str(ROOT / "var" / "no-such-key-file.json")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_passes_the_deploy_checks():
    result = _manage(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="fazhi.example.cn",
        FAZHI_DATA_KEY=KEYS,
        FAZHI_INDEX_KEY=INDEX_KEY,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "WARNING" not in output and "W0" not in output, output
    assert "no issues" in output


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        (
            {"ALLOWED_HOSTS": "fazhi.example.cn", "FAZHI_DATA_KEY": KEYS, "FAZHI_INDEX_KEY": INDEX_KEY},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "", "ALLOWED_HOSTS": "fazhi.example.cn"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "fazhi.example.cn"}, "FAZHI_DATA_KEY"),
    ],
)
def test_it_refuses_to_start_without_required_settings(env, missing):
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr
