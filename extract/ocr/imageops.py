"""Page-image operations before OCR: ink mask, deskew, column regions, ruled-grid cells.

Greyscale pages are numpy arrays (0 black .. 255 white). Analyses run on a 4x reduced ink mask
(75 dpi for a 300 dpi render): enough for angles, bands and gutters, and cheap.
"""
from __future__ import annotations

from bisect import bisect_left

import numpy as np

from ..pages.geometry import Box
from ..pages.layout import find_gutter  # the same gutter rule as for text layers

REDUCE = 4
RULE_TONE = 0.65  # share of the way from ink to paper below which a ruling line's pixels count


_last_tones: list = [None, None]  # (image, its tones): a page's sheet is asked for them by each step


def tones(img: np.ndarray) -> tuple[float, float]:
    """(ink, paper) grey levels as seen in the page itself, so that grey paper and faded toner
    both work. Ink from the darkest hundredth, or thousandth on a page with little text."""
    if _last_tones[0] is img:
        return _last_tones[1]
    sparse, lo, hi = np.percentile(img[::4, ::4], [0.1, 1, 90])
    _last_tones[:] = img, (float(lo if hi - lo >= 40 else sparse), float(hi))
    return _last_tones[1]


def ink_mask(img: np.ndarray, reduce: int = REDUCE) -> np.ndarray:
    """Dark pixels of a reduced copy: darker than halfway between ink and paper."""
    small = img[::reduce, ::reduce]
    lo, hi = tones(img)
    if hi - lo < 40:  # a blank page: no ink to speak of
        return np.zeros(small.shape, dtype=bool)
    return small < (lo + hi) / 2


def skew_angle(mask: np.ndarray, limit: float = 3.0) -> float:
    """Angle in degrees that text lines are rotated by: the shear that makes the row
    profile of the ink sharpest (text lines fall into as few rows as possible). Searched
    coarse to fine: every half degree, then every tenth around the best."""
    ys, xs = np.nonzero(mask)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 60_000:  # a dense page: a sample tells the angle as well
        pick = np.random.default_rng(0).choice(len(ys), 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs - mask.shape[1] / 2

    def score(a: float) -> float:
        rows = np.round(ys + xs * np.tan(np.radians(a))).astype(np.int64)
        return float(np.square(np.bincount(rows - rows.min())).sum())

    best = max(np.arange(-limit, limit + 0.01, 0.5), key=score)
    return float(max(np.arange(best - 0.4, best + 0.41, 0.1), key=score))


def deskew(img: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned level, and the angle it was at. (Bilinear: nearest-neighbour costs a
    third but its jagged letters lose a grid's single letters.)"""
    angle = skew_angle(ink_mask(img))
    if abs(angle) < 0.05:
        return img, 0.0
    from PIL import Image

    paper = int(np.percentile(img[::8, ::8], 90))
    turned = Image.fromarray(img).rotate(-angle, resample=Image.BILINEAR, fillcolor=paper)
    return np.asarray(turned), angle


def _bands(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of rows with ink: text lines, or figures, in reduced pixels."""
    rows = mask.sum(axis=1) > 1
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def _row_spans(row: np.ndarray, bridge: int) -> list[tuple[float, float]]:
    """x extents of the ink runs of one pixel row; gaps narrower than about a word space of
    the page's text are bridged, as the text layout does for word spaces."""
    cols = np.flatnonzero(row)
    if len(cols) == 0:
        return []
    breaks = np.flatnonzero(np.diff(cols) > bridge)
    starts = np.concatenate(([cols[0]], cols[breaks + 1]))
    ends = np.concatenate((cols[breaks], [cols[-1]]))
    return [(float(a), float(b) + 1) for a, b in zip(starts, ends)]


def column_regions(img: np.ndarray, dpi: int) -> tuple[list[Box], list[int]]:
    """The page cut into the pieces OCR must read apart, in reading order: full-width stretches
    whole, two-column stretches as left column then right column (one Tesseract block over two
    columns would read across the gutter and interleave them). Returns the regions and, for
    each, its column: 0 full width, 1 left, 2 right.

    Strips one text line high are the rows of layout's gutter rule (columns' lines are rarely
    level with each other, so whole blank rows are rare); a strip with ink across the gutter
    is full width, and runs shorter than a text line (a speck, a stray stroke) follow their
    neighbours."""

    h, w = img.shape
    mask = ink_mask(img)
    bands = _bands(mask)
    if not bands:
        return [Box(0, 0, w, h)], [0]
    # sizes of body text in reduced pixels: a line of 10-11 pt and a word space are about
    # 5 mm and 1.5 mm (pages with few blank rows between lines defeat measuring them)
    line_h = max(4.0, 0.14 * dpi / REDUCE)
    bridge = max(3, int(0.06 * dpi / REDUCE))
    # a rule drawn in the gutter would join the columns' lines across it: long vertical runs
    # go, and so do pixel columns inked on most text rows (a rule broken by noise)
    mask = mask & ~_long_runs(mask, max(8, int(4 * line_h)), axis=0)
    rows = np.zeros(mask.shape[0], dtype=bool)
    for a, b in bands:
        rows[a:b] = True
    mask[:, mask[rows].mean(axis=0) >= 0.6] = False
    # strips a text line high, at half steps: each holds whole letters, as a word box does
    step, tall = max(1, int(line_h / 2)), max(2, int(line_h))
    strips = [(y, _row_spans(mask[y:y + tall].any(axis=0), bridge))
              for y in range(0, mask.shape[0], step)]
    strips = [(y, sp) for y, sp in strips if sp]
    # pictures do not vote for the gutter: a photo set flush against it hides it; nor do
    # slivers narrower than any letter (what is left of a gutter rule the scan broke up)
    text = [[(a, b) for a, b in sp if b - a >= 0.2 * line_h
             and (b - a < 4 * line_h or mask[y:y + tall, int(a):int(b)].mean() < 0.3)]
            for y, sp in strips]
    text = [sp for sp in text if sp]
    # a gutter is wider than the widest word space of a justified line (about 1.5 mm): spaces that
    # line up by chance down a page of short lines (options) are no gutter, at any resolution
    gutter = find_gutter(text, mask.shape[1], slack=max(1, len(text) // 10), narrowest=max(3, 0.08 * dpi / REDUCE))
    if gutter is None:
        return [Box(0, 0, w, h)], [0]
    # runs of strips that cross the gutter or not, short runs absorbed by the one before
    runs: list[list] = []  # [first row, last row, crosses]
    m = line_h / 2  # a speck of dirt by the gutter does not join the columns
    for y, sp in strips:
        c = any(a < gutter - m and b > gutter + m for a, b in sp)
        if runs and runs[-1][2] == c:
            runs[-1][1] = y + step - 1
        else:
            runs.append([y, y + step - 1, c])
    merged: list[list] = []
    for run in runs:
        if merged and (run[1] - run[0] + 1 < 1.5 * line_h or merged[-1][2] == run[2]):
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    cut = int(gutter * REDUCE)
    regions: list[Box] = []
    columns: list[int] = []
    for i, (y0, y1, crosses) in enumerate(merged):
        top = 0 if i == 0 else (merged[i - 1][1] + 1 + y0) // 2 * REDUCE
        bottom = h if i == len(merged) - 1 else min(h, (y1 + 1 + merged[i + 1][0]) // 2 * REDUCE)
        if crosses:
            regions.append(Box(0, top, w, bottom))
            columns.append(0)
        else:
            regions += [Box(0, top, cut, bottom), Box(cut, top, w, bottom)]
            columns += [1, 2]
    return regions, columns


def stack(img: np.ndarray, regions: list[Box], gap: int = 40) -> tuple[np.ndarray, list[int], int]:
    """Regions one below the other on a white sheet (one OCR call reads them all, in order);
    returns the sheet, each region's top on it and the left margin."""
    if len(regions) == 1 and regions[0] == Box(0, 0, img.shape[1], img.shape[0]):
        return img, [0], 0
    paper = int(np.percentile(img[::8, ::8], 90)) if img.size else 255
    width = max(r.x1 - r.x0 for r in regions)
    height = sum(r.y1 - r.y0 for r in regions) + gap * (len(regions) + 1)
    sheet = np.full((height, width + 2 * gap), paper, dtype=np.uint8)
    tops, y = [], gap
    for r in regions:
        sheet[y:y + r.y1 - r.y0, gap: gap + r.x1 - r.x0] = img[r.y0:r.y1, r.x0:r.x1]
        tops.append(y)
        y += r.y1 - r.y0 + gap
    return sheet, tops, gap


# -- answer grids --------------------------------------------------------------------------------
def _long_runs(ink: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels on a straight run of ink at least `length` long (ruling lines): a morphological
    opening with a line (as scipy's minimum_filter1d then maximum_filter1d)."""
    return _window(_window(ink, length, axis, np.logical_and), length, axis, np.logical_or)


def _window(mask: np.ndarray, size: int, axis: int, op, mode: str = "reflect", origin: int = 0) -> np.ndarray:
    """`op` (np.logical_and: an erosion; np.logical_or: a dilation) of a boolean mask over
    windows of `size` along `axis`: what scipy's minimum_filter1d / maximum_filter1d give with
    the same `mode` ("reflect", or "constant": outside is no ink) and `origin`. By runs of
    doubling length over shifted slices, log2(size) whole-array operations: a tenth of scipy's
    cost on a page (tests/test_ocr.py holds it to scipy's output)."""
    n = mask.shape[axis]
    left = size // 2 + origin  # the window of pixel i: [i - left, i - left + size - 1]
    pad = [(0, 0)] * mask.ndim
    pad[axis] = (max(left, 0), max(size - 1 - left, 0))
    cur = np.moveaxis(np.pad(mask, pad, mode="symmetric" if mode == "reflect" else "constant"), axis, 0)
    span = 1  # cur[j]: op over the `span` pixels from j
    while 2 * span <= size:
        cur = op(cur[:-span], cur[span:])
        span *= 2
    if span < size:  # two runs of `span` that overlap cover `size`
        cur = op(cur[: len(cur) - (size - span)], cur[size - span:])
    start = max(left, 0) - left
    return np.ascontiguousarray(np.moveaxis(cur[start:start + n], 0, axis))


def is_short(blob: Box) -> bool:
    """A patch of ink the size of a number or a letter of a grid, not of a word of running text."""
    return blob.width < 2.6 * blob.height


def solid_areas(img: np.ndarray, dpi: int, r: int, threshold: float):
    """Solid areas darker than `threshold` at least 2 mm across (a filled cell, a heading bar,
    a dark box), holes included, as a mask at 1/r of the resolution (r divides 4); None when
    there are none. Found at 1/4."""
    q = 4
    coarse = img[::q, ::q] < threshold
    k = max(3, int(dpi / 12 / q))
    # an opening by a k x k square, as erosions and dilations along each axis (scipy's binary
    # opening costs k^2 per pixel); the dilation's window is the erosion's mirrored, hence its origin
    eroded = _window(_window(coarse, k, 0, np.logical_and, "constant"), k, 1, np.logical_and, "constant")
    o = -1 if k % 2 == 0 else 0
    filled = _window(_window(eroded, k, 0, np.logical_or, "constant", o), k, 1, np.logical_or, "constant", o)
    if not filled.any():
        return None
    filled = _fill_holes(filled)  # the white letters inside it
    filled = np.repeat(np.repeat(filled, q // r, 0), q // r, 1)
    h, w = -(-img.shape[0] // r), -(-img.shape[1] // r)
    filled = np.pad(filled, ((0, max(0, h - filled.shape[0])), (0, max(0, w - filled.shape[1]))))
    return filled[:h, :w]


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """The mask with its holes filled: what of the rest no 4-connected path joins to the edge
    (scipy's binary_fill_holes, by one labelling instead of repeated erosions)."""
    from scipy import ndimage

    rest, n = ndimage.label(~mask)
    outside = np.zeros(n + 1, dtype=bool)
    outside[0] = True  # (the mask itself)
    outside[np.concatenate((rest[0], rest[-1], rest[:, 0], rest[:, -1]))] = True
    return mask | ~outside[rest]


def _block_means(img: np.ndarray, q: int) -> np.ndarray:
    """The image at 1/q, each pixel the mean of its q x q block (paper noise averages out);
    padded with paper to whole blocks."""
    h, w = -(-img.shape[0] // q) * q, -(-img.shape[1] // q) * q
    padded = np.pad(img, ((0, h - img.shape[0]), (0, w - img.shape[1])), constant_values=255)
    return padded.reshape(h // q, q, w // q, q).mean(axis=(1, 3))


def flatten_solids(img: np.ndarray, dpi: int) -> tuple[np.ndarray, list[Box]]:
    """The page as OCR should see it, and the boxes of its pictures.

    Solid areas at least 2 mm across that are darker than paper are of two kinds. Even ones
    (a grey bar beside a heading reads as a run of junk letters; a dark box hides its white
    title) become paper, with whatever stands out from them (letters, light or dark) in ink.
    Pictures, at least 8 mm each way, whose tones spread over the range (a photo, a painting,
    a drawing's shaded figures), become blank paper: Tesseract reads them as junk words, or
    reads the text printed in them, which a born-digital exam does not have as text either."""
    from scipy import ndimage

    lo, hi = tones(img)
    span = hi - lo
    q = 4
    filled = solid_areas(img, dpi, q, lo + 0.85 * span)
    if filled is None:
        return img, []
    # grown by one step: the blurred rim of an area, left grey, outlines a box that Tesseract
    # takes for a picture and drops the heading beside it
    grown = _dilated(filled)
    labels, _ = ndimage.label(grown)
    out = img.copy()
    pictures: list[Box] = []
    least = 8 / 25.4 * dpi
    line = 4 / 25.4 * dpi  # a line of body text, ascenders to descenders, with its blur
    marked = None  # what is not paper, in connected pieces: made for the first picture
    for i, sl in enumerate(ndimage.find_objects(labels), 1):
        ys, xs = slice(sl[0].start * q, sl[0].stop * q), slice(sl[1].start * q, sl[1].stop * q)
        patch = img[ys, xs]
        h, w = patch.shape

        def up(mask):
            return np.repeat(np.repeat(mask, q, 0), q, 1)[:h, :w]

        if any(p.contains(Box(xs.start, ys.start, xs.stop, ys.stop)) for p in pictures):
            continue  # a piece of a picture already blanked
        own = labels[sl] == i
        area, rim = up(own & filled[sl]), up(own & ~filled[sl])
        px = patch[area].astype(np.int16)
        tone = float(np.median(px))
        if h >= least and w >= least:
            # mid tones away from the area's own: a photo has many, an even tint with text in
            # it (dark letters on grey, white letters on black) next to none
            off = np.abs(px - tone) > 0.15 * span
            mid = (px > lo + 0.15 * span) & (px < hi - 0.15 * span)
            if off.mean() >= 0.2 and (off & mid).mean() >= 0.15:
                if marked is None:
                    # a picture's light parts (a pale sky, a frame, tassels) hang on to its
                    # dark ones: whatever is not paper and touches it goes with it
                    marked, _ = ndimage.label(_block_means(img, q)[:filled.shape[0], :filled.shape[1]]
                                              < hi - 0.1 * span, structure=np.ones((3, 3), bool))
                touching = np.unique(marked[sl][own & filled[sl]])
                whole = np.isin(marked, touching[touching > 0]) | (labels == i)
                rows, cols = np.nonzero(whole)
                y0, y1, x0, x1 = rows.min() * q, (rows.max() + 1) * q, cols.min() * q, (cols.max() + 1) * q
                out[y0:y1, x0:x1] = np.where(np.repeat(np.repeat(whole[rows.min():rows.max() + 1,
                                                                       cols.min():cols.max() + 1], q, 0), q, 1)
                                             [:min(y1, out.shape[0]) - y0, :min(x1, out.shape[1]) - x0],
                                             int(hi), out[y0:y1, x0:x1])
                out[ys, xs] = int(hi)
                pictures.append(Box(x0, y0, min(x1, out.shape[1]), min(y1, out.shape[0])))
                continue
        if min(h, w) < line and (np.abs(px - tone) <= 0.15 * span).mean() < 0.6:
            continue  # not a tint: letters blurred into a clump (a low-resolution scan), an option's disc
        marks = np.abs(patch.astype(np.int16) - tone) > 0.3 * span
        light = patch > (lo + hi) / 2  # a rule or a letter at the rim stays
        out[ys, xs] = np.where(area, np.where(marks, int(lo), int(hi)),
                               np.where(rim & light, int(hi), out[ys, xs]))  # (boxes overlap)
    return out, pictures


def _dilated(mask: np.ndarray, size: tuple[int, int] | None = None) -> np.ndarray:
    """A mask grown by a rectangle of `size` (rows, columns), or by one pixel across and down
    (scipy's binary_dilation by its default cross)."""
    if size is None:
        return _window(mask, 3, 0, np.logical_or, "constant") | _window(mask, 3, 1, np.logical_or, "constant")
    return _window(_window(mask, size[0], 0, np.logical_or, "constant"), size[1], 1, np.logical_or, "constant")


def text_blobs(img: np.ndarray, dpi: int, r: int = 2, letters: bool = True) -> tuple[np.ndarray | None, list[Box]]:
    """The letters of a page without ruling lines or shading (at 1/r of the resolution; None
    unless `letters`), and their word-sized patches (boxes in full pixels).

    Grids defeat page-level OCR (ruled cells and striped rows read as noise), so their cells
    are found as ink patches and read one by one. Dark filled cells (a highlighted answer)
    are turned to dark-on-light first."""
    from scipy import ndimage

    lo, hi = tones(img)
    small_img = img[::r, ::r]
    ink = small_img < (lo + hi) / 2
    filled = solid_areas(img, dpi, r, (lo + hi) / 2)
    if filled is not None:  # reversed, so that white-on-black letters read
        ink = np.where(filled, ~ink, ink)
    line_len = max(8, int(dpi * 0.25 / r))  # 6 mm: longer than a letter stroke, shorter than a cell
    # rules are found at a lighter threshold than letters: a hairline rule scans grey, about as
    # dark as the ink threshold, and what of it is darker is a dashed trail too short to be a
    # rule, which reads as `!` or `à` between a number and its answer
    ruled = np.where(filled, ink, small_img < lo + RULE_TONE * (hi - lo)) if filled is not None \
        else small_img < lo + RULE_TONE * (hi - lo)
    lines = _long_runs(ruled, line_len, 1) | _long_runs(ruled, line_len, 0)
    clean = ink & ~_dilated(lines)
    gap = max(1, int(dpi * 0.03 / r))  # about a letter space: letters join, cells do not
    joined = _dilated(clean, (3, 2 * gap + 1))
    labels, _ = ndimage.label(joined)
    blobs = []
    min_h, max_h = dpi * 0.05 / r, dpi * 0.4 / r  # 4 pt .. 30 pt tall
    for sl in ndimage.find_objects(labels):
        h, w = sl[0].stop - sl[0].start, sl[1].stop - sl[1].start
        if min_h <= h <= max_h and w >= min_h * 0.5 and clean[sl].sum() >= 4:
            blobs.append(Box(sl[1].start * r, sl[0].start * r, sl[1].stop * r, sl[0].stop * r))
    if not letters:
        return None, blobs
    # the letters in their own grey levels (anti-aliasing helps OCR), on white
    grey = small_img if filled is None else np.where(filled, 255 - small_img, small_img)
    return np.where(_dilated(clean), grey, 255).astype(np.uint8), blobs


class _ByTop:
    """Boxes sorted by their top: those near a box found without a pass over all of them (a
    page has a few hundred blobs and as many words)."""

    def __init__(self, boxes):
        self.boxes = sorted(boxes, key=lambda w: w.y0)
        self.tops = [w.y0 for w in self.boxes]
        self.tallest = max((w.y1 - w.y0 for w in self.boxes), default=0)

    def touches(self, b: Box, pad: float) -> bool:
        """Whether a box overlaps `b` grown by `pad` each way."""
        lo = bisect_left(self.tops, b.y0 - pad - self.tallest)
        hi = bisect_left(self.tops, b.y1 + pad)
        return any(w.x0 - pad < b.x1 and b.x0 < w.x1 + pad and w.y0 - pad < b.y1 and b.y0 < w.y1 + pad
                   for w in self.boxes[lo:hi])


def unread_labels(img: np.ndarray, dpi: int, words: list[Box], blobs: list[Box]) -> list[Box]:
    """Patches of ink the size of a short label that no word read covers and that open a line
    Tesseract did read: a question number printed in the margin apart from its text (its page
    analysis drops such a lone patch as noise). Boxes in pixels of `img`, padded; `blobs` are
    the page's text_blobs."""
    if not words:
        return []
    height = float(np.median([w.y1 - w.y0 for w in words]))
    read = _ByTop(words)
    found = []
    for b in blobs:
        if not 0.5 * height <= b.height <= 2.0 * height or b.width > 4 * b.height:
            continue  # a label is a line high and a few characters wide
        if read.touches(b, 4):
            continue  # read already
        beside = [w for w in words if min(w.y1, b.y1) - max(w.y0, b.y0) >= 0.5 * min(w.height, b.height)]
        # the line it sits on starts after it, and is one of text (`- 5 -`, a page's number
        # between dashes, opens none)
        if beside and min(w.x0 for w in beside) > b.x1 and any(c.isalnum() for w in beside for c in w.text):
            pad = max(2, int(0.2 * height))
            found.append(Box(max(0, b.x0 - pad), max(0, b.y0 - pad), min(img.shape[1], b.x1 + pad),
                             min(img.shape[0], b.y1 + pad)))
    return found


def unread_lines(img: np.ndarray, words, blobs: list[Box], most: int = 10) -> list[Box]:
    """Rows of ink a text line high that start at the left edge of the text around them, or
    where a line near them starts, and that Tesseract read nothing sure of: a heading its page
    analysis took, with the rule or hatched bar beside it, for a picture (and dropped, or read
    as junk); an option line set in from its question's number. Each row ends at its first
    wide gap (_first_run). Boxes in pixels of `img`, padded; at most `most`, so that a page of
    drawings costs little (a page's logo and passage headings count too)."""
    sure = [w for w in words if w.conf >= 60]
    if len(sure) < 10:
        return []
    height = float(np.median([w.y1 - w.y0 for w in sure]))
    read = _ByTop(sure)
    cands = sorted((b for b in blobs if 0.6 * height <= b.height <= 2.0 * height and not read.touches(b, 2)),
                   key=lambda b: b.y0)
    bands: list[list[Box]] = []
    for b in cands:
        band = bands[-1] if bands else None
        if band and min(b.y1, band[0].y1) - max(b.y0, band[0].y0) >= 0.5 * min(b.height, band[0].height):
            band.append(b)
        else:
            bands.append([b])
    starts: dict[tuple, float] = {}  # Tesseract's lines (their words share top and bottom) -> left end
    for w in sure:
        starts[w.y0, w.y1] = min(w.x0, starts.get((w.y0, w.y1), w.x0))
    found = []
    for band in bands:
        band = _first_run(band, 3 * height)
        x0, y0 = min(b.x0 for b in band), min(b.y0 for b in band)
        x1, y1 = max(b.x1 for b in band), max(b.y1 for b in band)
        if x1 - x0 < 3 * height:
            continue  # a speck or a lone label (unread_labels reads those)
        if any(min(w.y1, y1) - max(w.y0, y0) >= 0.5 * height for w in sure):
            continue  # a line Tesseract did read
        # at the left edge of its column's text, or where a line near it starts (options set in
        # from their question's number: `A)  8` lost above `B)  12`)
        near = [x for (a, b), x in starts.items() if abs((a + b) / 2 - (y0 + y1) / 2) < 15 * height]
        if not near or not any(abs(x0 - x) <= height for x in near):
            continue
        found.append(_padded(img, Box(x0, y0, x1, y1), height))
    return found[:most]


def _padded(img: np.ndarray, b: Box, height: float) -> Box:
    """A box grown by a third of a line height on each side, within the image."""
    pad = max(2, int(0.3 * height))
    return Box(max(0, b.x0 - pad), max(0, b.y0 - pad), min(img.shape[1], b.x1 + pad), min(img.shape[0], b.y1 + pad))


def line_from(img: np.ndarray, word: Box, blobs: list[Box]) -> Box | None:
    """The ink of the line a word read opens, from that word to the first wide gap (what the
    word's line of patches holds: a heading's number Tesseract lost with the rule beside it);
    padded, in pixels of `img`; None when no patch lies under the word."""
    h = word.y1 - word.y0
    row = [b for b in blobs if min(b.y1, word.y1) - max(b.y0, word.y0) >= 0.5 * h and b.x1 > word.x0]
    first = [b for b in row if b.x0 < word.x1]
    if not first:
        return None
    run = _first_run([b for b in row if b.x0 >= min(f.x0 for f in first)], 3 * h)
    return _padded(img, Box(min(b.x0 for b in run), min(b.y0 for b in run), max(b.x1 for b in run),
                            max(b.y1 for b in run)), h)


def _first_run(band: list[Box], gap: float) -> list[Box]:
    """The patches of a row from its left end up to the first gap wider than `gap`: a line of
    words, without what stands further along the row (the specks a rule beside a heading left,
    the border of its column), which would widen its box to a strip Tesseract reads as junk."""
    band = sorted(band, key=lambda b: b.x0)
    run, right = [band[0]], band[0].x1
    for b in band[1:]:
        if b.x0 - right > gap:
            break
        run.append(b)
        right = max(right, b.x1)
    return run


def grid_like(blobs: list[Box]) -> bool:
    """A page of an answer grid: mostly short patches (numbers and letters)."""
    return len(blobs) >= 40 and sum(is_short(b) for b in blobs) >= 0.75 * len(blobs)
