"""The reader: one clean article, its metadata, its paragraphs; a sentence (or noted passage) can be
selected and annotated, and noted passages carry a mark."""

from __future__ import annotations

from functools import cached_property

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ..engine.align.cancel import Cancelled, cancelled_when, checked_within
from ..engine.ingest.articles import Article
from ..engine.text.plural import counted
from ..engine.text.sentences import sentences
from ..store.notes import Note, NoteStore
from ..widgets.palette import NOTE_MARK
from ..widgets.passage_view import Highlight, PassageView, visible_text
from .host import NotesChanged, host, says_library_errors
from .note_marks import (
    NOTE_MARK_STYLE,
    NOTED,
    editor_heading,
    mine_first,
    new_note_saver,
    note_bar,
    noted_passages,
    notes_on,
    open_note_editor,
)

# The key of the highlight that draws the selected passage.
SELECTED = "selected passage"
SPLIT_AT_ONCE = 300_000
"""Characters of a body whose sentences are found on the key that first asks (some 0.3 s); a longer
body's are found in a thread."""


def article_details(article: Article) -> str:
    """The metadata line shown under a title: outlet · date · dateline · author · words."""
    parts = [article.outlet, article.date, article.dateline, article.author, counted(article.words, "word")]
    return " · ".join(part for part in parts if part)


class ReaderScreen(Screen[None]):
    """Reads one article; `escape` or `q` goes back."""

    BINDINGS = [
        Binding(
            "escape,q",
            "back",
            "Back",
            key_display="esc",
            tooltip="Clear the passage you selected; with none, go back.",
            id="reader.back",
        ),
        # `)` and `(` move by sentence as in vi; `]` and `[` do the same without shift.
        Binding(
            "right_parenthesis,right_square_bracket",
            "next_sentence(1)",
            "Next",
            key_display=")",
            tooltip="Select the next sentence.",
            id="reader.next_sentence",
        ),
        Binding(
            "left_parenthesis,left_square_bracket",
            "next_sentence(-1)",
            "Previous",
            key_display="(",
            tooltip="Select the sentence before.",
            id="reader.previous_sentence",
        ),
        Binding(
            "a",
            "annotate",
            "Annotate",
            tooltip="Write or edit a note on the selected passage, or the article.",
            id="reader.annotate",
        ),
        Binding("j,down", "scroll('down')", "Down", show=False, id="reader.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="reader.up"),
        # Before the paging keys, which every reader knows and ? lists: at 80 columns the footer showed
        # neither c nor v.
        Binding("c", "compare", "Compare with…", id="reader.compare_with"),
        Binding(
            "v",
            "compare_versions",
            "Earlier version",
            tooltip="Open the compare screen on this text and the one before it (what was added, cut, reworded).",
            id="reader.compare_versions",
        ),
        # v where there is no earlier text: said, where the binding above, hidden then, would do nothing.
        Binding("v", "no_earlier_version", "Earlier version", show=False, id="reader.no_earlier_version"),
        Binding("space,pagedown", "page('down')", "Page down", key_display="space", id="reader.page_down"),
        Binding("b,pageup", "page('up')", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "edge('top')", "Top", key_display="g", id="reader.top"),
        Binding("G,end", "edge('bottom')", "Bottom", key_display="G", id="reader.bottom"),
    ]

    selection: reactive[tuple[int, int] | None] = reactive(None, init=False)
    """The selected passage as [start, end) offsets of the body: a sentence, or a noted passage."""

    def __init__(self, article: Article, select: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.article = article
        self.notes: list[Note] = []
        self._select_on_mount = select
        self._opened_at = select
        """The passage the article was opened at (a talking point's words, a note's passage): escape goes
        straight back from it, as the reader did not select it; one they select is cleared first."""
        self._found_sentences: list[tuple[int, int]] | None = None
        self._finding_sentences = False
        self._waiting_steps: list[int] = []
        """The `)` and `(` typed while a long body's sentences were being found."""

    def _sentences(self) -> list[tuple[int, int]] | None:
        """The body's sentences, found when first asked for, not on opening; None while a long body's are
        found in a thread (a 30 MB article froze the reader for 8.5 s on its first `)`)."""
        if self._found_sentences is None and len(self.article.body) <= SPLIT_AT_ONCE:
            self._found_sentences = sentences(self.article.body)
        if self._found_sentences is None and not self._finding_sentences:
            self._finding_sentences = True
            self.notify("Finding the sentences of this long article…")
            self._find_sentences()
        return self._found_sentences

    @work(thread=True, exclusive=True, group="sentences")
    def _find_sentences(self) -> None:
        worker = get_current_worker()
        try:
            # The splitting stops at its next check once the reader is closed.
            with checked_within(cancelled_when(lambda: worker.is_cancelled)):
                found = sentences(self.article.body)
        except Cancelled:
            return
        self.app.call_from_thread(self._sentences_found, found)

    def _sentences_found(self, found: list[tuple[int, int]]) -> None:
        self._found_sentences = found
        waiting, self._waiting_steps = self._waiting_steps, []
        for step in waiting:
            self.action_next_sentence(step)

    def compose(self) -> ComposeResult:
        yield Static(Text(visible_text(self.article.title), style="bold"), id="reader-title")
        yield Static(Text(visible_text(article_details(self.article))), id="reader-details")
        yield PassageView(self.article.body, id="reader-body")
        yield Static(id="reader-note", classes="note-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PassageView).focus()
        self.load_notes()
        if self._select_on_mount is not None:
            # After the first layout: the view can only scroll once it knows its size.
            self.call_after_refresh(self.select, self._select_on_mount)

    def on_screen_resume(self) -> None:
        # The notes screen may have edited or deleted a note on this article meanwhile.
        if self.is_mounted:
            self.load_notes()

    # Notes and selection

    @on(NotesChanged)
    @says_library_errors
    def _notes_changed(self) -> None:
        self.load_notes()

    def load_notes(self) -> None:
        self.notes = NoteStore(host(self).library).for_article(self.article.id)
        self._paint()

    def _paint(self) -> None:
        # The selection goes first so that, where it shares a line with a noted passage, the note's mark wins.
        highlights = [Highlight(*self.selection, Style(), SELECTED)] if self.selection else []
        for note, passage in noted_passages(self.notes, self.article.id):
            key = ("note", note.id)
            highlights.append(Highlight(passage.start, passage.end, NOTED, key, NOTE_MARK, NOTE_MARK_STYLE))
        self.view.set_highlights(highlights)
        self.view.selected_key = SELECTED if self.selection else None
        me = host(self).library.user or None
        if self.selection:
            shown = notes_on(self.notes, self.article.id, *self.selection)
            bar = note_bar(shown, me=me)
        else:
            on_article = [n for n in self.notes if n.passage_in(self.article.id) is None]
            bar = note_bar(on_article, "on the article: ", me)
        note_bar_widget = self.query_one("#reader-note", Static)
        note_bar_widget.update(bar)
        note_bar_widget.display = bool(bar)

    def watch_selection(self) -> None:
        self._paint()

    def select(self, span: tuple[int, int] | None) -> None:
        """Select `span` and bring it into view if it is not."""
        self.selection = span
        if span is None:
            return
        view = self.view
        first, last = view.line_of(span[0]), view.line_of(max(span[0], span[1] - 1))
        top, height = round(view.scroll_y), view.scrollable_content_region.height
        if first < top or last >= top + height:
            view.scroll_to_offset(span[0])

    def action_next_sentence(self, step: int) -> None:
        found = self._sentences()
        if found is None:
            self._waiting_steps.append(step)  # taken, in order, once they are found
            return
        if not found:
            return
        span: tuple[int, int] | None
        if self.selection is None:
            top = self.view.top_offset
            span = next((s for s in found if s[1] > top), found[-1])
        elif step > 0:
            start, end = self.selection
            span = next((s for s in found if s[0] >= end), None)
        else:
            start, end = self.selection
            span = next((s for s in reversed(found) if s[1] <= start), None)
        if span is None:
            self.app.bell()
            return
        self.select(span)

    @on(PassageView.HighlightClicked)
    def _clicked(self, event: PassageView.HighlightClicked) -> None:
        """A click selects the noted passage under it, else the sentence under it."""
        offset = event.offset
        noted = [p for _, p in noted_passages(self.notes, self.article.id) if p.start <= offset < p.end]
        if noted:
            smallest = min(noted, key=lambda p: p.end - p.start)
            self.select((smallest.start, smallest.end))
            return
        span = next((s for s in self._sentences() or () if s[0] <= offset < s[1]), None)
        if span is not None:
            self.select(span)

    def action_back(self) -> None:
        if self.selection is not None and self.selection != self._opened_at:
            self.selection = None
        else:
            self.app.pop_screen()

    @says_library_errors
    def action_annotate(self) -> None:
        """Write a note on the selected passage (or edit your own there); with nothing selected, on the article."""
        article = self.article
        me = host(self).library.user or None
        if self.selection is not None:
            existing = mine_first(
                (
                    n
                    for n in self.notes
                    if (p := n.passage_in(article.id)) is not None and (p.start, p.end) == self.selection
                ),
                me,
            )
            heading = editor_heading("Note on the passage", article.body[slice(*self.selection)])
            save_new = new_note_saver(host(self).library, article, self.selection)
        else:
            existing = mine_first((n for n in self.notes if n.passage_in(article.id) is None), me)
            heading = editor_heading("Note on the article", article.title)
            save_new = new_note_saver(host(self).library, article)
        open_note_editor(self, heading, existing, save_new, lambda _: self.load_notes())

    @property
    def view(self) -> PassageView:
        return self.query_one(PassageView)

    def action_compare(self) -> None:
        """Pick another account, most likely the same event first, and compare."""
        from .picker import RelatedPicker

        def chosen(article_id: str | None) -> None:
            other = host(self).library.get(article_id) if article_id else None
            if other is not None:
                host(self).compare(self.article, other)

        self.app.push_screen(RelatedPicker(host(self).library, self.article), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "compare_versions":
            return self.earlier_version is not None
        if action == "no_earlier_version":
            return self.earlier_version is None
        return True

    def action_no_earlier_version(self) -> None:
        self.notify("This article has no earlier version: v compares a page fetched again with the text it had.")

    @cached_property
    def earlier_version(self) -> str | None:
        """The id of the text of this story before this one, if the library keeps one."""
        ids = [version.id for version in host(self).library.versions(self.article.id)]
        index = ids.index(self.article.id) if self.article.id in ids else 0
        return ids[index - 1] if index > 0 else None

    @says_library_errors
    def action_compare_versions(self) -> None:
        """Compare with the text before this one; where there are more, choose which."""
        library = host(self).library
        versions = library.versions(self.article.id)
        earlier = library.get(self.earlier_version) if self.earlier_version else None
        if earlier is None:
            self.notify("This article has no earlier version.")
            return
        if versions.index(next(v for v in versions if v.id == earlier.id)) == 0:
            host(self).compare(earlier, self.article)
            return
        from .picker import VersionPicker

        def chosen(version_id: str | None) -> None:
            chosen_text = library.get(version_id) if version_id else None
            if chosen_text is not None:
                host(self).compare(chosen_text, self.article)

        self.app.push_screen(VersionPicker(self.article, versions), chosen)

    def action_scroll(self, direction: str) -> None:
        if direction == "down":
            self.view.scroll_down(animate=False)
        else:
            self.view.scroll_up(animate=False)

    def action_page(self, direction: str) -> None:
        if direction == "down":
            self.view.scroll_page_down(animate=False)
        else:
            self.view.scroll_page_up(animate=False)

    def action_edge(self, edge: str) -> None:
        if edge == "top":
            self.view.scroll_home(animate=False)
        else:
            self.view.scroll_end(animate=False)
