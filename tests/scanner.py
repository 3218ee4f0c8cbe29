"""Make an image-only "scanned" copy of a PDF, for the OCR tests.

The layout fixtures of pdfgen.py are born-digital: they have a text layer. The OCR path needs
the other kind, pages that are only a picture, and real Tesseract must read them as it reads a
photocopied exam: grey paper, ink not quite black, a slight skew, noise, a few specks of dirt
and JPEG artefacts. `scan_pdf` renders each page and degrades it that way, deterministically
for a given seed, so the tests can compare what OCR reads with the text pdfgen drew. It is fast
(numpy and Pillow on whole images) so that tests can make their scans on the fly.

    python tests/scanner.py SRC DST [--dpi N] [--skew DEG] [--seed N]
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFilter


def scan_pdf(src, dst, dpi: int = 200, skew: float = 0.6, seed: int = 0, quality: int = 60,
             noise: float = 8.0, pages=None, blur: float = 0.0, tone=((225, 235), (25, 45))) -> Path:
    """Write to `dst` an image-only copy of `src`: every page, or only the 0-based page
    indices in `pages` (in that order), becomes a greyscale JPEG at `dpi` filling a page of
    the same size in points, with no text layer. Each page is degraded like a scan: paper
    grey at about 225-235 and ink at about 25-45 instead of 255 and 0, rotated by `skew`
    degrees (counter-clockwise on even pages, clockwise on odd ones, the canvas size kept,
    the corners filled with paper), Gaussian noise of standard deviation `noise`, a few dark
    specks, and JPEG compression at `quality`. The same arguments give the same file; a page
    looks the same whichever `pages` it is taken with (its randomness depends on `seed` and its
    index only). `blur` (a Gaussian radius in pixels) and `tone` ((paper range), (ink range))
    make a photocopy: toner spread, paper whiter and ink blacker than a scanner's."""
    doc = pymupdf.open(src)
    out = pymupdf.open()
    for index in range(len(doc)) if pages is None else pages:
        page = doc[index]
        jpeg = _scan_image(page, dpi, skew if index % 2 == 0 else -skew,
                           np.random.default_rng([seed, index]), quality, noise, blur, tone)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=jpeg)
    out.save(str(dst), garbage=3, deflate=True, no_new_id=True)  # no random /ID: same bytes
    out.close()
    doc.close()
    return Path(dst)


def _scan_image(page, dpi: int, angle: float, rng, quality: int, noise: float, blur: float = 0.0,
                tone=((225, 235), (25, 45))) -> bytes:
    """JPEG bytes of one page rendered and degraded (see scan_pdf)."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]

    # Tone: white -> paper, black -> ink, linearly in between (anti-aliased edges stay soft).
    paper, ink = rng.uniform(*tone[0]), rng.uniform(*tone[1])
    grey = (ink + img.astype(np.float32) * ((paper - ink) / 255.0)).round().astype(np.uint8)

    # Skew: rotate about the centre, keeping the canvas; corners turn paper-coloured, not black.
    im = Image.fromarray(grey, "L").rotate(angle, resample=Image.BILINEAR, expand=False,
                                           fillcolor=int(round(paper)))

    # Specks: a few small dark dots, scaled with the resolution (1-3 px at 200 dpi).
    draw = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(12, 30))):
        x, y = rng.uniform(0, im.width), rng.uniform(0, im.height)
        r = rng.uniform(0.6, 1.6) * dpi / 200
        draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.uniform(ink, ink + 60)))

    if blur:
        im = im.filter(ImageFilter.GaussianBlur(blur))

    # Sensor noise, then clip back to bytes.
    arr = np.asarray(im, dtype=np.float32)
    if noise:
        arr += rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(noise)
    arr = np.clip(arr, 0, 255).round().astype(np.uint8)

    buf = io.BytesIO()
    Image.fromarray(arr, "L").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Make an image-only 'scanned' copy of a PDF.")
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--skew", type=float, default=0.6, help="degrees, alternating sign per page")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    scan_pdf(args.src, args.dst, dpi=args.dpi, skew=args.skew, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
