"""djust's browser client and file inputs: which inputs it binds, and the frames it sends."""

from __future__ import annotations

import json
import struct

from django.test import SimpleTestCase

from djust_testing._browser.nodes import Element
from djust_testing._browser.page import Page
from djust_testing._browser.query import Query, select
from djust_testing._browser.uploads import (
    DEFAULT_CHUNK_SIZE,
    ChosenFile,
    frames,
    ref_text,
    settled,
)

CONFIG = {
    "name": "docs",
    "accept": ".txt",
    "max_entries": 3,
    "max_file_size": 1000,
    "chunk_size": 4,
    "auto_upload": True,
    "resumable": False,
}
INPUT = '<input type="file" id="a" dj-upload="docs">'
REF = bytes(range(16))


def document(content: str) -> str:
    return f'<html><body><div dj-root dj-view="app.View">{content}</div></body></html>'


def mount(html: str = INPUT) -> dict[str, object]:
    return {"type": "mount", "html": html, "upload_configs": {"docs": CONFIG}}


class BindingTests(SimpleTestCase):
    def element(self, page: Page, selector: str) -> Element:
        [found] = select(page.document.root, Query(selector))
        return found

    def test_an_input_on_the_page_when_it_loads_keeps_its_own_attributes(self) -> None:
        page = Page()
        page.open(document(INPUT))
        page.apply([mount()])  # prerendered: the configs arrive after the first binding
        self.assertEqual(page.uploads.configs, {"docs": CONFIG})
        self.assertEqual(page.uploads.added(self.element(page, "#a")), {})

    def test_an_input_a_later_update_inserts_gets_accept_and_multiple(self) -> None:
        page = Page()
        page.open(document(INPUT))
        page.apply([mount()])
        later = '<input type="file" id="b" dj-upload="docs">'
        page.apply([{"type": "html_update", "html": INPUT + later}])
        self.assertEqual(
            page.uploads.added(self.element(page, "#b")),
            {"accept": ".txt", "multiple": ""},
        )
        self.assertNotIn("multiple", page.document.html)  # the DOM stays djust's render

    def test_what_the_input_has_itself_is_kept(self) -> None:
        page = Page()
        page.open(document(""))
        own = '<input type="file" id="b" dj-upload="docs" accept=".md" multiple>'
        page.apply([mount(own)])  # not prerendered: the mount's HTML is new DOM
        self.assertEqual(page.uploads.added(self.element(page, "#b")), {})

    def test_a_page_mounted_without_prerendered_content_binds_with_the_configs(self) -> None:
        page = Page()
        page.open(document(""))
        page.apply([mount()])
        self.assertEqual(
            page.uploads.added(self.element(page, "#a")),
            {"accept": ".txt", "multiple": ""},
        )

    def test_a_slot_of_one_entry_gets_no_multiple(self) -> None:
        page = Page()
        page.open(document(""))
        page.apply([{**mount(), "upload_configs": {"docs": {**CONFIG, "max_entries": 1}}}])
        self.assertEqual(page.uploads.added(self.element(page, "#a")), {"accept": ".txt"})

    def test_a_mount_without_configs_keeps_the_ones_before(self) -> None:
        page = Page()
        page.open(document(INPUT))
        page.apply([mount()])
        page.apply([{"type": "mount", "html": INPUT}])
        self.assertEqual(page.uploads.configs, {"docs": CONFIG})


class FrameTests(SimpleTestCase):
    def test_register_chunks_and_complete(self) -> None:
        sent = frames("docs", ChosenFile("a.txt", b"hello world", "text/plain"), CONFIG, REF)
        register = sent[0]
        assert isinstance(register, str)
        self.assertEqual(
            register,
            '{"type":"upload_register","upload_name":"docs","ref":"00010203-0405-0607-0809-'
            '0a0b0c0d0e0f","client_name":"a.txt","client_type":"text/plain","client_size":11,'
            '"resumable":false}',
        )
        chunks = [c for c in sent[1:-1] if isinstance(c, bytes)]
        self.assertEqual(
            [(c[0], c[1:17], struct.unpack(">I", c[17:21])[0], c[21:]) for c in chunks],
            [(1, REF, 0, b"hell"), (1, REF, 1, b"o wo"), (1, REF, 2, b"rld")],
        )
        self.assertEqual(sent[-1], bytes([2]) + REF)

    def test_without_a_config_the_chunks_are_63_kib(self) -> None:
        content = b"x" * (DEFAULT_CHUNK_SIZE + 1)
        sent = frames("docs", ChosenFile("a.bin", content, ""), None, REF)
        self.assertEqual([len(c) - 21 for c in sent[1:-1]], [64512, 1])
        self.assertFalse(json.loads(sent[0])["resumable"])

    def test_an_empty_file_sends_only_register_and_complete(self) -> None:
        sent = frames("docs", ChosenFile("empty", b"", ""), CONFIG, REF)
        self.assertEqual(len(sent), 2)

    def test_a_name_outside_ascii_is_sent_as_written(self) -> None:
        sent = frames("docs", ChosenFile("Résumé.txt", b"a", "text/plain"), CONFIG, REF)
        self.assertIn('"client_name":"Résumé.txt"', str(sent[0]))

    def test_the_upload_settles_on_complete_or_error_only(self) -> None:
        ref = ref_text(REF)
        uploading = {"type": "upload_progress", "ref": ref, "progress": 50, "status": "uploading"}
        other = {"type": "upload_progress", "ref": "x", "progress": 100, "status": "complete"}
        self.assertIsNone(settled(ref, [uploading, other]))
        done = {**uploading, "status": "error"}
        self.assertEqual(settled(ref, [uploading, done]), done)
