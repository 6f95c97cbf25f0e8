"""formtally ui."""
