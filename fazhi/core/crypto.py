"""Encryption of personal data at rest: one value at a time, keys with ids, and a keyed blind index.

A value is stored as "<version>:<key id>:<base64 of nonce + ciphertext + tag>": version "v1" is
AES-256-GCM, "s1" SM4-GCM (GB/T 32907, where the national algorithms are required: FAZHI_CIPHER=sm4-gcm).
Each value gets a random 96-bit nonce, so equal names give different ciphertexts. New values are written
with the current key; any key of the ring decrypts, so `fazhi rotate-key` can re-encrypt rows in batches
while the site runs. The blind index (HMAC-SHA256 with its own key over the normalised value) lets an
exact search or an import find a person without decrypting anything. See docs/security.md.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from .validators import normalize_id_number, normalize_phone

VERSIONS = {"aes-gcm": "v1", "sm4-gcm": "s1"}
CIPHERS = {v: k for k, v in VERSIONS.items()}
NONCE = 12
TAG = 16


class DecryptionError(Exception):
    """A stored value that no key of the ring opens (wrong key, or the ciphertext was altered)."""


@dataclass(frozen=True)
class Keyring:
    current: str  # the id of the key new values are written with
    keys: dict[str, bytes]  # id -> 32-byte master key
    index_key: bytes
    cipher: str  # "aes-gcm" or "sm4-gcm": the algorithm of new values


def _b64key(text: str, what: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured(f"{what} 应为32字节密钥的 base64 编码")
    return key


def _parse_keys(text: str) -> tuple[str, dict[str, bytes]]:
    """ "id:base64,id:base64" — the first key is the current one."""
    keys: dict[str, bytes] = {}
    for part in [p for p in text.split(",") if p.strip()]:
        kid, sep, b64 = part.strip().partition(":")
        if not sep or not kid.isalnum():
            raise ImproperlyConfigured("FAZHI_DATA_KEY 的格式应为 密钥编号:base64密钥[,密钥编号:base64密钥…]")
        keys[kid] = _b64key(b64, f"FAZHI_DATA_KEY 中的密钥 {kid}")
    if not keys:
        raise ImproperlyConfigured("FAZHI_DATA_KEY 为空")
    return next(iter(keys)), keys


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def create_key_file(path: Path) -> None:
    """A new key file (0600) with one data key and the index key; an existing file is never replaced."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    content = json.dumps({"current": "k1", "keys": {"k1": new_key()}, "index": new_key()}, indent=1)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(content)
    try:
        os.link(tmp, path)  # atomic and refuses to overwrite: two processes starting at once agree
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def read_key_file(path: Path) -> dict:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ImproperlyConfigured(f"密钥文件 {path} 的权限为 {mode:o}，应为 600（只有运行账户可读写）")
    return json.loads(path.read_text())


def write_key_file(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(json.dumps(data, indent=1))
    os.replace(tmp, path)


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    """The keys, from FAZHI_DATA_KEY/FAZHI_INDEX_KEY or else the key file FAZHI_KEY_FILE (created on first
    use where FAZHI_KEY_AUTOCREATE allows it, i.e. outside production)."""
    cipher = settings.FAZHI_CIPHER
    if cipher not in VERSIONS:
        raise ImproperlyConfigured(f"FAZHI_CIPHER 只能是 {'、'.join(VERSIONS)}")
    stored: dict = {}
    path = Path(settings.FAZHI_KEY_FILE)
    if not settings.FAZHI_DATA_KEY or not settings.FAZHI_INDEX_KEY:
        if not path.exists():
            if not settings.FAZHI_KEY_AUTOCREATE:
                raise ImproperlyConfigured(
                    "没有数据密钥：请设置 FAZHI_DATA_KEY 与 FAZHI_INDEX_KEY，或提供密钥文件 FAZHI_KEY_FILE（权限 600）"
                )
            create_key_file(path)
        stored = read_key_file(path)
    if settings.FAZHI_DATA_KEY:
        current, keys = _parse_keys(settings.FAZHI_DATA_KEY)
    else:
        keys = {kid: _b64key(b64, f"密钥文件中的密钥 {kid}") for kid, b64 in stored["keys"].items()}
        current = stored["current"]
        if current not in keys:
            raise ImproperlyConfigured(f"密钥文件的当前密钥 {current} 不在密钥列表中")
    index_key = _b64key(settings.FAZHI_INDEX_KEY or stored.get("index", ""), "FAZHI_INDEX_KEY")
    return Keyring(current=current, keys=keys, index_key=index_key, cipher=cipher)


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting.startswith("FAZHI_") and ("KEY" in setting or setting == "FAZHI_CIPHER"):
        keyring.cache_clear()
        _subkey.cache_clear()
        _aesgcm.cache_clear()
        _index_mac.cache_clear()


@lru_cache(maxsize=64)
def _subkey(master: bytes, cipher: str) -> bytes:
    """A key per algorithm drawn from the master key (HKDF), so AES and SM4 never share key bytes."""
    length = 32 if cipher == "aes-gcm" else 16
    return HKDF(hashes.SHA256(), length, salt=None, info=f"fazhi {cipher}".encode()).derive(master)


@lru_cache(maxsize=64)
def _aesgcm(key: bytes) -> AESGCM:
    return AESGCM(key)


def _seal(cipher: str, key: bytes, nonce: bytes, data: bytes) -> bytes:
    if cipher == "aes-gcm":
        return _aesgcm(key).encrypt(nonce, data, None)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    return enc.update(data) + enc.finalize() + enc.tag


def _open(cipher: str, key: bytes, nonce: bytes, data: bytes) -> bytes:
    try:
        if cipher == "aes-gcm":
            return _aesgcm(key).decrypt(nonce, data, None)
        dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, data[-TAG:])).decryptor()
        return dec.update(data[:-TAG]) + dec.finalize()
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("密文无法用所配置的密钥解开") from exc


def _encrypt_raw(data: bytes) -> tuple[str, bytes]:
    ring = keyring()
    nonce = os.urandom(NONCE)
    sealed = _seal(ring.cipher, _subkey(ring.keys[ring.current], ring.cipher), nonce, data)
    return f"{VERSIONS[ring.cipher]}:{ring.current}:", nonce + sealed


def _decrypt_raw(version: str, kid: str, blob: bytes) -> bytes:
    ring = keyring()
    if kid not in ring.keys:
        raise DecryptionError(f"没有编号为 {kid} 的密钥")
    cipher = CIPHERS[version]
    return _open(cipher, _subkey(ring.keys[kid], cipher), blob[:NONCE], blob[NONCE:])


def encrypt(text: str) -> str:
    head, blob = _encrypt_raw(text.encode())
    return head + base64.b64encode(blob).decode("ascii")


def token_parts(value: str) -> tuple[str, str, str] | None:
    """(version, key id, payload) of a stored token, or None for a value that is not one."""
    version, sep, rest = value.partition(":")
    if version not in CIPHERS or not sep:
        return None
    kid, sep, payload = rest.partition(":")
    return (version, kid, payload) if sep else None


def decrypt(value: str) -> str:
    """The plaintext of a token. A value that is not a token is returned as it is: rows written before
    encryption, until the migration or `fazhi rotate-key` has turned them into tokens."""
    parts = token_parts(value)
    if parts is None:
        return value
    version, kid, payload = parts
    return _decrypt_raw(version, kid, base64.b64decode(payload)).decode()


def is_current(value: str) -> bool:
    """Whether a stored value is a token of the current key and algorithm (rotation skips those)."""
    ring = keyring()
    parts = token_parts(value)
    return parts is not None and parts[:2] == (VERSIONS[ring.cipher], ring.current)


def encrypt_bytes(data: bytes) -> bytes:
    head, blob = _encrypt_raw(data)
    return head.encode("ascii") + blob


def decrypt_bytes(data: bytes) -> bytes:
    """The plaintext of `encrypt_bytes`; bytes without a token header (an older upload) as they are."""
    head = bytes(data[:40])
    parts = token_parts(head.decode("ascii", "replace"))
    if parts is None:
        return bytes(data)
    version, kid, _ = parts
    start = len(version) + len(kid) + 2
    return _decrypt_raw(version, kid, bytes(data[start:]))


def _normalise_name(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().casefold()


NORMALISERS = {"name": _normalise_name, "id_number": normalize_id_number, "phone": normalize_phone}


def blind_index(value, kind: str) -> str:
    """HMAC-SHA256 of the normalised value (hex), "" for an empty one: equal people give equal indexes."""
    if not value:
        return ""
    normal = NORMALISERS[kind](str(value))
    if not normal:
        return ""
    mac = _index_mac(keyring().index_key).copy()
    mac.update(f"{kind}:{normal}".encode())
    return mac.hexdigest()


@lru_cache(maxsize=4)
def _index_mac(key: bytes):
    """The keyed HMAC state, copied per value instead of set up again."""
    return hmac.new(key, digestmod=hashlib.sha256)
