"""Hand-made payloads for the tests: minimal PDFs (Helvetica text, images, damage) and compression bombs."""

from __future__ import annotations

import zlib


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def text_stream(*lines: str) -> bytes:
    """A page content stream that shows each line in 12 pt Helvetica."""
    ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
    ops += [b"(" + _escape(line) + b") Tj T*" for line in lines]
    ops.append(b"ET")
    return b"\n".join(ops)


def _stream_object(data: bytes, *, compress: bool, extra: bytes = b"") -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def assemble(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF file of the given objects (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def pdf_from_streams(streams: list[bytes], *, compress: bool = False, info: bytes | None = None) -> bytes:
    """A PDF with one page per content stream, all pages sharing a Helvetica font resource."""
    count = len(streams)
    font = 3 + 2 * count
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    for i, stream in enumerate(streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * i)
        )
        objects.append(_stream_object(stream, compress=compress))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    trailer_extra = b""
    if info is not None:
        objects.append(info)
        trailer_extra = b" /Info %d 0 R" % len(objects)
    return assemble(objects, trailer_extra=trailer_extra)


def text_pdf(*pages: list[str] | tuple[str, ...], compress: bool = False, title: str | None = None) -> bytes:
    """A PDF whose pages show the given lines of text."""
    info = None
    if title is not None:
        info = b"<< /Title (" + _escape(title) + b") /Author (Arvenian Monitoring Mission) >>"
    return pdf_from_streams([text_stream(*lines) for lines in pages], compress=compress, info=info)


def image_only_pdf() -> bytes:
    """A one-page PDF that only paints a small grey image: a scan, with no text layer."""
    pixels = bytes([128]) * 16 * 16
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        _stream_object(b"q 400 0 0 400 100 200 cm /Im1 Do Q", compress=False),
        _stream_object(
            pixels,
            compress=True,
            extra=b" /Type /XObject /Subtype /Image /Width 16 /Height 16"
            b" /ColorSpace /DeviceGray /BitsPerComponent 8",
        ),
    ]
    return assemble(objects)


def flate_bomb(megabytes: int, fill: bytes = b" ") -> bytes:
    """zlib data that inflates to `megabytes` MB of `fill`, compressed without holding it whole."""
    engine = zlib.compressobj(9)
    block = fill * (1024 * 1024)
    parts = [engine.compress(block) for _ in range(megabytes)]
    parts.append(engine.flush())
    return b"".join(parts)


def bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose small content stream inflates to `megabytes` MB of blanks."""
    data = flate_bomb(megabytes)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream,
    ]
    return assemble(objects)


def gzip_of_zeros(megabytes: int) -> bytes:
    """A gzip file that inflates to `megabytes` MB of NUL bytes (a decompression bomb)."""
    deflated = flate_bomb(megabytes, b"\0")[2:-4]  # the raw deflate data inside the zlib wrapper
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    size = (megabytes * 1024 * 1024) % (1 << 32)
    return (
        header + deflated + b"\x00\x00\x00\x00" + size.to_bytes(4, "little")
    )  # CRC left wrong: never reached
