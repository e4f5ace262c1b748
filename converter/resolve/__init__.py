"""Names as documents write them -> national concepts (classification codes, regions)."""
