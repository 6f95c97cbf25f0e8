"""Panels of the review page (ui/views/review.py), one concern each."""
