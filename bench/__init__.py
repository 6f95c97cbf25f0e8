"""formtally bench."""
