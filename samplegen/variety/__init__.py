"""Randomised forms of many layouts (a seeded grammar of real variation) with their ground truth,
grouped into families with a fixed tune / held-out split: `python -m samplegen.variety`."""
