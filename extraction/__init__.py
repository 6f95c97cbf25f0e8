"""formtally extraction."""
