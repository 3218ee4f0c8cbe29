"""Project commands: `crawl`, which fails when a spider found nothing."""
