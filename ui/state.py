"""What the pages share: the store (one per process, st.cache_resource), decoded page images, the
reviewer's name, the current form, the form version this session last showed, the reviewer's cursor
in each form, and flash messages."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import streamlit as st

from service.review import QueueFilters
from service.storage import Store
from service.storage.config import resolve_config
from ui.cursor import Cursor
from ui.overlay import Raster, load_page

FlashKind = Literal["success", "info", "warning", "error"]
# Page scripts, relative to ui/app.py (st.Page and st.switch_page resolve them from there). Not
# "pages/": Streamlit would serve a pages/ folder as pages of its own, bypassing st.navigation.
PAGES = {
    "queue": "views/queue.py",
    "review": "views/review.py",
    "overview": "views/overview.py",
    "learning": "views/learning.py",
}


@st.cache_resource(show_spinner=False)
def _open_store(data_dir: str, db_url: str) -> Store:
    return Store.open(data_dir, db_url)


def store() -> Store:
    """The database `formtally scan` writes: --data / FORMTALLY_DATA / FORMTALLY_DB as it resolves them."""
    config = resolve_config()
    return _open_store(str(config.data_dir), config.db_url)


@st.cache_resource(show_spinner=False, max_entries=8)
def page_image(path: str, width: int) -> Raster:
    """A decoded page; content-addressed, so the path never points at other pixels."""
    return load_page(Path(path), width)


def reviewer() -> str:
    return str(st.session_state.get("reviewer", "")).strip()


def remember_reviewer() -> None:
    """The reviewer's name survives reloads in the URL: taken from ?reviewer= when the session has
    none (a reload starts a new session), written back on every run (page switches drop it)."""
    if not reviewer() and (name := st.query_params.get("reviewer", "").strip()):
        st.session_state["reviewer"] = name
    if reviewer():
        st.query_params["reviewer"] = reviewer()
    elif "reviewer" in st.query_params:
        del st.query_params["reviewer"]


def flash(message: str, kind: FlashKind = "info") -> None:
    """A message shown once, on the next run (actions happen in callbacks, before the page draws)."""
    st.session_state.setdefault("flashes", []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop("flashes", []):
        getattr(st, kind)(message)


def current_form() -> int | None:
    """The form under review: ?form= in the URL wins (links, bookmarks), then this session's choice."""
    raw = st.query_params.get("form")
    if raw is not None and str(raw).isdigit():
        st.session_state["form_id"] = int(raw)
    value = st.session_state.get("form_id")
    return int(value) if value is not None else None


def bad_form_param() -> str | None:
    """The ?form= text when it is no form id (digits): the page says so rather than showing the
    form this session had open before."""
    raw = st.query_params.get("form")
    return None if raw is None or str(raw).isdigit() else str(raw)


def open_form(form_id: int) -> None:
    """Make `form_id` the form under review; its screen starts fresh (no version seen yet)."""
    st.session_state["form_id"] = form_id
    st.query_params["form"] = str(form_id)
    st.session_state.setdefault("seen", {}).pop(form_id, None)


def seen_version(form_id: int) -> int | None:
    value = st.session_state.setdefault("seen", {}).get(form_id)
    return int(value) if value is not None else None


def set_seen(form_id: int, version: int) -> None:
    st.session_state.setdefault("seen", {})[form_id] = version


def filters() -> QueueFilters:
    value = st.session_state.get("queue_filters")
    return value if isinstance(value, QueueFilters) else QueueFilters()


def set_filters(value: QueueFilters) -> None:
    st.session_state["queue_filters"] = value


def cursor(form_id: int) -> Cursor | None:
    """The cell or row of the form the reviewer last edited or picked (ui.cursor)."""
    value = st.session_state.setdefault("cursor", {}).get(form_id)
    return value if isinstance(value, Cursor) else None


def set_cursor(form_id: int, value: Cursor | None) -> None:
    st.session_state.setdefault("cursor", {})[form_id] = value
