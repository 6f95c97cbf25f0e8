"""Page scripts of the review app, run by st.navigation from ui/app.py (not imported)."""
