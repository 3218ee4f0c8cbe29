"""PDF exam booklets -> question records: triage, layout, segmentation, answer keys."""
