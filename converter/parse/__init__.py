"""Parse stage: pages of text and tables -> sections of the national template -> model."""
