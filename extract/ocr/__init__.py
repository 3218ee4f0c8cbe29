"""OCR of pages whose text layer is missing or garbled: the page image prepared (imageops.py),
read by Tesseract in a pool of processes (tesseract.py, page.py), answer grids read apart
(grid.py), and what Tesseract gets wrong on exams repaired (fixes.py)."""
