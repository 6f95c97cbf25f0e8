"""formtally verification."""
