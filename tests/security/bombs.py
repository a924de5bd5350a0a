"""Hostile workbooks built in memory: tiny files that unpack or parse into gigabytes."""

import zipfile
import zlib
from io import BytesIO
from unittest import mock

_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
_BOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
) + '<sheet name="矛盾纠纷" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode()
_BOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)
_SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe7\xbc\x96\xe5\x8f\xb7</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>\xe7\xba\xa0\xe7\xba\xb7\xe6\xa6\x82\xe8\xa6\x81</t></is></c></row>'
)


def xlsx(sheet_rows: bytes, shared_strings: bytes = b"", *, sheet_stream=None) -> bytes:
    """A one-sheet workbook whose sheetData is `sheet_rows` (or the chunks of `sheet_stream`)."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(_SHEET_HEAD)
            for chunk in sheet_stream or [sheet_rows]:
                f.write(chunk)
            f.write(_SHEET_TAIL)
        z.writestr(
            "xl/sharedStrings.xml",
            shared_strings
            or b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        )
    return out.getvalue()


def far_cell() -> bytes:
    """A header and one cell at XFD1048576: under 2 KB, a rectangle of 17 billion cells to a parser."""
    return xlsx(HEADER_ROW + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def many_rows(n: int = 1_048_576) -> bytes:
    """A header and n-1 short data rows."""

    def rows():
        yield HEADER_ROW
        for start in range(2, n + 1, 50_000):
            yield b"".join(
                b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                for i in range(start, min(start + 50_000, n + 1))
            )

    return xlsx(b"", sheet_stream=rows())


class _RepeatingDeflate:
    """Deflates each identical 1 MB block once: a full flush resets the state, so every block's output
    is the same bytes, and writing a gigabyte costs no more than its CRC."""

    def __init__(self, block: bytes):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = block
        self.piece = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
        self.final = zlib.compressobj(9, zlib.DEFLATED, -15)

    def compress(self, data: bytes) -> bytes:
        if data == self.block:
            return self.piece
        return self.final.compress(data) + self.final.flush(zlib.Z_FULL_FLUSH)

    def flush(self) -> bytes:
        return self.final.flush()


def string_bomb(unpacked_mb: int = 1024) -> bytes:
    """sharedStrings of `unpacked_mb` MB of one repeated string, deflated to about a thousandth of that."""
    out = BytesIO()
    block = b"A" * (1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (
            ("[Content_Types].xml", _TYPES),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _BOOK),
            ("xl/_rels/workbook.xml.rels", _BOOK_RELS),
            (
                "xl/worksheets/sheet1.xml",
                _SHEET_HEAD + HEADER_ROW + b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>' + _SHEET_TAIL,
            ),
        ):
            z.writestr(name, data)
        with (
            mock.patch.object(zipfile, "_get_compressor", lambda *a, **k: _RepeatingDeflate(block)),
            z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f,
        ):
            f.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            )
            for _ in range(unpacked_mb):
                f.write(block)
            f.write(b"</t></si></sst>")
    return out.getvalue()
