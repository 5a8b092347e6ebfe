#!/usr/bin/env python3
"""Writes the malformed-input corpus of redflag into this folder (standard library only).

Every file here is hostile or broken on purpose; README.md lists each one and what redflag must
produce for it, and crates/cli/tests/bad_corpus.rs checks exactly that through the library and the
CLI. The valid images the damaged ones start from are built by hand below (no encoder needed):
an uncompressed or zlib PNG, a constant-grey baseline JPEG, an LZW GIF, a VP8L (lossless) WebP with
single-symbol prefix codes, a 24-bit BMP and an uncompressed TIFF.

Run: python3 testdata/bad/generate.py   (the output is deterministic)
"""

import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- PNG


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def ihdr(width, height, depth=8, color=2):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0))


PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png(width, height, idat, depth=8, color=2):
    return PNG_SIG + ihdr(width, height, depth, color) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def gradient_rgb(width, height):
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes(((x * 4) & 255, (y * 4) & 255, ((x * y) >> 3) & 255))
    return bytes(rows)


def pngs():
    good = png(64, 64, zlib.compress(gradient_rgb(64, 64), 9))
    write("truncated.png", good[: len(good) // 2])
    # The deflate stream is garbage but the chunk's CRC is right: the inflater must refuse it.
    write("png_corrupt_deflate.png", png(64, 64, b"\x78\x9c" + b"\xff\xfe\xfd\xfc" * 64))
    # One flipped bit in IHDR, CRC left as it was.
    bad = bytearray(good)
    bad[16 + 3] ^= 0x01
    write("png_bad_crc.png", bytes(bad))
    write("png_zero_width.png", png(0, 64, zlib.compress(b"", 9)))
    write("png_invalid_bit_depth.png", png(64, 64, zlib.compress(gradient_rgb(64, 64), 9), depth=3))
    # Dimension bombs: a few bytes declaring billions of pixels.
    tiny = zlib.compress(b"\x00" * 8, 9)
    write("huge_declared_100000x100000.png", png(100_000, 100_000, tiny))
    write("over_pixel_limit_20000x20000.png", png(20_000, 20_000, tiny))
    write("png_bomb_60000x60000.png", png(60_000, 60_000, tiny))
    # Deflate bombs: 16 MiB of zero rows in 16 KiB. Declared 16384x16384 grey (256 megapixels, over
    # the limit, refused before inflating), and declared 1x1 (the decoder must stop after one row
    # instead of inflating everything).
    zeros = zlib.compress(b"\x00" * (16 << 20), 9)
    write("png_deflate_bomb_16384x16384.png", png(16384, 16384, zeros, color=0))
    write("png_deflate_bomb_1x1.png", png(1, 1, zeros, color=0))


# ---------------------------------------------------------------- JPEG


def segment(marker, body):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg(width, height, dht=None, sos_tables=0x00, scan=None, eoi=True):
    """A baseline greyscale JPEG whose blocks are all mid-grey: DC difference 0 and end-of-block,
    one bit each with single-symbol Huffman tables."""
    dqt = segment(0xDB, b"\x00" + b"\x01" * 64)
    sof = segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    if dht is None:
        # Class 0 (DC) table 0: one code of length 1 for category 0; class 1 (AC) table 0: one
        # code of length 1 for EOB (0x00).
        dht = segment(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00") + segment(
            0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00"
        )
    sos = segment(0xDA, b"\x01\x01" + bytes([sos_tables]) + b"\x00\x3f\x00")
    if scan is None:
        blocks = ((width + 7) // 8) * ((height + 7) // 8)
        bits = 2 * blocks
        scan = b"\x00" * (bits // 8) + (b"\x3f" if bits % 8 else b"")
    out = b"\xff\xd8" + dqt + sof + dht + sos + scan
    return out + (b"\xff\xd9" if eoi else b"")


def jpegs():
    good = jpeg(256, 256)
    # Cut inside the scan: no end-of-image marker.
    write("truncated.jpg", good[: len(good) - 100])
    # Three codes of length 1 cannot exist.
    bad_dht = segment(0xC4, b"\x00" + b"\x03" + b"\x00" * 15 + b"\x00\x01\x02") + segment(
        0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00"
    )
    write("jpeg_bad_huffman.jpg", jpeg(64, 64, dht=bad_dht))
    # The scan uses Huffman tables 3/3, which were never defined.
    write("jpeg_undefined_table.jpg", jpeg(64, 64, sos_tables=0x33))
    write("jpeg_zero_height.jpg", jpeg(64, 0, scan=b"\x00"))
    # 65500 x 65500 declared in 150 bytes, complete with an end-of-image marker.
    write("jpeg_bomb_65500x65500.jpg", jpeg(65500, 65500, scan=b"\x00" * 8))


# ---------------------------------------------------------------- GIF


def lzw_gif_data(pixels, min_code=7):
    """LZW codes that never grow: a clear code before the table would need a wider code."""
    clear, end = 1 << min_code, (1 << min_code) + 1
    width = min_code + 1
    codes = []
    for i, p in enumerate(pixels):
        if i % ((1 << min_code) - 2) == 0:
            codes.append(clear)
        codes.append(p)
    codes.append(end)
    acc = nbits = 0
    out = bytearray()
    for c in codes:
        acc |= c << nbits
        nbits += width
        while nbits >= 8:
            out.append(acc & 255)
            acc >>= 8
            nbits -= 8
    if nbits:
        out.append(acc & 255)
    blocks = bytearray([min_code])
    for i in range(0, len(out), 255):
        part = out[i : i + 255]
        blocks += bytes([len(part)]) + part
    return bytes(blocks + b"\x00")


def gif(width, height, data, screen=None):
    sw, sh = screen or (width, height)
    palette = b"".join(bytes((i * 2, 255 - i * 2, i)) for i in range(128))
    head = b"GIF89a" + struct.pack("<HHBBB", sw, sh, 0xF6, 0, 0) + palette
    desc = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return head + desc + data + b"\x3b"


def gifs():
    pixels = [(x ^ y) & 127 for y in range(32) for x in range(32)]
    good = gif(32, 32, lzw_gif_data(pixels))
    write("truncated.gif", good[: len(good) // 2])
    # LZW minimum code size 14: no valid GIF has more than 12-bit codes.
    write("gif_bad_code_size.gif", gif(32, 32, b"\x0e\x02\x00\x00\x00"))
    write("gif_no_frame.gif", good[: 13 + 3 * 128] + b"\x3b")
    tiny = lzw_gif_data([0])
    write("huge_declared_65535x65535.gif", gif(65535, 65535, tiny))
    # A 1x1 screen with one 65535x65535 frame.
    write("gif_frame_65535x65535_on_1x1_screen.gif", gif(65535, 65535, tiny, screen=(1, 1)))


# ---------------------------------------------------------------- WebP (VP8L)


class Bits:
    def __init__(self):
        self.acc = self.n = 0
        self.out = bytearray()

    def put(self, value, count):
        self.acc |= value << self.n
        self.n += count
        while self.n >= 8:
            self.out.append(self.acc & 255)
            self.acc >>= 8
            self.n -= 8

    def done(self):
        if self.n:
            self.out.append(self.acc & 255)
        return bytes(self.out)


def vp8l(width, height, argb=(0xFF, 0x40, 0x80, 0xC0), signature=0x2F):
    """A lossless WebP of one colour: five single-symbol prefix codes, so pixels take no bits."""
    b = Bits()
    b.put(width - 1, 14)
    b.put(height - 1, 14)
    b.put(0, 1)  # alpha hint
    b.put(0, 3)  # version
    b.put(0, 1)  # no transform
    b.put(0, 1)  # no colour cache
    b.put(0, 1)  # no meta prefix codes
    a, r, g, bl = argb
    for symbol in (g, r, bl, a, 0):  # green, red, blue, alpha, distance
        b.put(1, 1)  # simple code
        b.put(0, 1)  # one symbol
        b.put(1, 1)  # 8-bit symbol
        b.put(symbol, 8)
    body = bytes([signature]) + b.done()
    if len(body) % 2:
        body += b"\x00"
    chunk_ = b"VP8L" + struct.pack("<I", len(body) - (1 if len(body) % 2 else 0)) + body
    return b"RIFF" + struct.pack("<I", 4 + len(chunk_)) + b"WEBP" + chunk_


def webps():
    good = vp8l(16, 16)
    write("webp_truncated.webp", good[:22])
    write("webp_bad_signature.webp", vp8l(16, 16, signature=0x2E))
    write("webp_bomb_16383x16383.webp", vp8l(16383, 16383))
    bad = bytearray(good)
    bad[12:16] = b"VP9X"
    write("webp_unknown_chunk.webp", bytes(bad))


# ---------------------------------------------------------------- BMP


def bmp(width, height, bpp=24, pixels=None):
    stride = ((width * bpp + 31) // 32) * 4
    if pixels is None:
        pixels = bytes((x * 7 + y * 3) & 255 for y in range(abs(height)) for x in range(stride))
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bpp, 0, len(pixels), 2835, 2835, 0, 0)
    head = b"BM" + struct.pack("<IHHI", 14 + len(info) + len(pixels), 0, 0, 14 + len(info))
    return head + info + pixels


def bmps():
    good = bmp(32, 32)
    write("bmp_truncated.bmp", good[: len(good) // 2])
    write("bmp_bad_bits_per_pixel.bmp", bmp(32, 32, bpp=7, pixels=b"\x00" * 128))
    write("bmp_bomb_60000x60000.bmp", bmp(60000, 60000, pixels=b"\x00" * 64))
    write("bmp_height_min_i32.bmp", bmp(1, -(2**31), pixels=b"\x00" * 64))


# ---------------------------------------------------------------- TIFF


def tiff(width, height, strip=None, strip_offset=None, byte_count=None):
    """A little-endian, uncompressed, 8-bit greyscale TIFF with one strip."""
    if strip is None:
        strip = bytes((x + y) & 255 for y in range(height) for x in range(width))
    entries = [
        (256, 4, 1, width),  # ImageWidth, LONG
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, None),  # StripOffsets (filled below)
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, len(strip) if byte_count is None else byte_count),  # StripByteCounts
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    data_offset = 8 + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries)))
    for tag, typ, count, value in entries:
        if value is None:
            value = data_offset if strip_offset is None else strip_offset
        packed = struct.pack("<H", value) + b"\x00\x00" if typ == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, typ, count) + packed
    out += struct.pack("<I", 0)
    return bytes(out + strip)


def tiffs():
    good = tiff(32, 32)
    write("tiff_truncated.tiff", good[: len(good) // 2])
    write("tiff_strip_outside_file.tiff", tiff(32, 32, strip_offset=0x7FFF_0000))
    write("tiff_bomb_60000x60000.tiff", tiff(60000, 60000, strip=b"\x00" * 64))
    write("tiff_huge_strip_byte_count.tiff", tiff(32, 32, byte_count=0xFFFF_FFF0))
    # An IFD offset past the end of the file.
    write("tiff_ifd_outside_file.tiff", b"II*\x00" + struct.pack("<I", 0x7FFF_FFF0))


# ---------------------------------------------------------------- empty and non-image files


def not_images():
    for ext in ("jpg", "png", "gif", "webp", "bmp", "tiff"):
        write(f"empty.{ext}", b"")
    write("not_an_image.png", "this is plain text pretending to be an image\n")
    write("html_page.jpg", "<!doctype html><html><body>not a photo</body></html>\n")
    write("zip_archive.gif", b"PK\x03\x04" + b"\x00" * 26)
    write("pdf_document.webp", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    write("shell_script.bmp", "#!/bin/sh\necho not a bitmap\n")
    write("json_data.tiff", '{"id": "not-a-tiff"}\n')


# ---------------------------------------------------------------- records (JSONL) and documents


def records():
    good = '{"id": "%s", "text": "fresh new girl in town, call now"}\n'
    write(
        "invalid_utf8.jsonl",
        good.encode() % b"before"
        + b'{"id": "latin1", "text": "caf\xe9 \xe0 la carte"}\n'
        + b'{"id": "overlong", "text": "\xc0\xaf slash"}\n'
        + b'{"id": "surrogate", "text": "\xed\xa0\x80 half a pair"}\n'
        + good.encode() % b"after",
    )
    deep = "[" * 10_000 + "]" * 10_000
    obj = '{"id": "deep-object", "text": "x", "extra": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
    write("nested_10000.jsonl", (good % "before") + deep + "\n" + obj + "\n" + (good % "after"))
    lines = [
        good % "before",
        '{"id": "cut", "text": "no closing\n',
        "42\n",
        '["an", "array"]\n',
        '{"id": "surrogate-escape", "text": "\\ud800 alone"}\n',
        '{"id": "huge-number", "text": "x", "n": 1e999999}\n',
        '\ufeff{"id": "bom", "text": "a byte-order mark before the object"}\n',
        '{"id": "no-text"}\n',
        '{"id": "text-number", "text": 12}\n',
        '{"id": {"nested": true}, "text": "id is an object"}\n',
        '{"id": "nul", "text": "nul \\u0000 and controls \\u0007 are text"}\n',
        '{"id": "bad-region", "text": "x", "region": "ZZZ", "images": [1, "missing.png"]}\n',
        good % "after",
    ]
    write("malformed.jsonl", "".join(lines))
    write("invalid_utf8.txt", b"a whole document with \xff\xfe bytes that are not UTF-8\n")
    # A document saved as UTF-16 (byte-order mark 0xff 0xfe), as Windows tools do.
    write("utf16_document.txt", "\ufeffnew in town, call me".encode("utf-16-le"))


# ---------------------------------------------------------------- lexicons

RULE = """
[[indicator]]
id = "{id}"
category = "youth"
weight = 0.5
{body}
"""


def lexicon(*rules, header='name = "bad"\nversion = "1"\n'):
    return header + "".join(RULE.format(id=i, body=b) for i, b in rules)


def lexicons():
    write("lexicon_broken_syntax.toml", lexicon(("a.b", 'terms = ["fresh"')))
    write("lexicon_duplicate_ids.toml", lexicon(("dup.id", 'terms = ["fresh"]'), ("dup.id", 'terms = ["new"]')))
    # Exponential for backtracking engines; the regex crate matches in linear time, so these load.
    write(
        "lexicon_catastrophic_regex.toml",
        lexicon(
            ("redos.nested", "patterns = ['(a+)+$']"),
            ("redos.alternation", "patterns = ['(a|a)*b']"),
            ("redos.star_of_star", "patterns = ['(.*a){12}x']"),
            ("redos.word_classes", "patterns = ['(\\w+\\s?)*$']"),
        ),
    )
    write("lexicon_huge_repetition.toml", lexicon(("huge.rep", "patterns = ['a{100000}{100000}']")))
    write("lexicon_repetition_over_size.toml", lexicon(("big.rep", "patterns = ['(?:\\w{500}){100}']")))
    write("lexicon_deep_nesting.toml", lexicon(("deep.nest", "patterns = ['" + "(" * 300 + "a" + ")" * 300 + "']")))
    write("lexicon_toml_nested_10000.toml", 'name = "bad"\nversion = "1"\nx = ' + "[" * 10_000 + "]" * 10_000 + "\n")
    write("lexicon_term_too_long.toml", lexicon(("long.term", 'terms = ["' + "a" * 300 + '"]')))
    write("lexicon_pattern_too_long.toml", lexicon(("long.pattern", "patterns = ['" + "a" * 1100 + "']")))
    write("lexicon_bad_weight.toml", lexicon(("bad.weight", 'terms = ["fresh"]')).replace("weight = 0.5", "weight = 7.5"))
    write("lexicon_invalid_regex.toml", lexicon(("bad.regex", "patterns = ['(unclosed']")))
    write("lexicon_no_terms.toml", lexicon(("empty.rule", "")))
    write("lexicon_unknown_field.toml", lexicon(("a.b", 'terms = ["fresh"]\nterrms = ["new"]')))
    write("lexicon_invalid_utf8.toml", b'name = "bad"\nversion = "1"\n# \xff\xfe\n')


def main():
    pngs()
    jpegs()
    gifs()
    webps()
    bmps()
    tiffs()
    not_images()
    records()
    lexicons()


if __name__ == "__main__":
    main()
