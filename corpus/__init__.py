"""Raw saved pages to clean `Article` records: reading, cleaning, metadata and group tagging."""
