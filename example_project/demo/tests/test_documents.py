"""Documents: a file chosen, uploaded over the live connection, then saved with the form."""

from __future__ import annotations

from djust_testing import LiveViewTestCase, UploadError

from demo.views import DocumentsView


class DocumentTests(LiveViewTestCase):
    def test_a_chosen_file_is_saved_with_the_form(self) -> None:
        live = self.live("/documents/")
        [uploaded] = live.element("#document").upload([("notes.txt", b"Buy milk.\n", "text/plain")])
        self.assertEqual(uploaded.status, "complete")
        self.assertEqual(live.element("#documents").text, "")  # saved only with the form
        live.form("form", data={"title": "Shopping"}).submit()
        self.assertEqual(live.element("#documents li").text, "Shopping (notes.txt, 10 bytes)")

    def test_a_large_file_arrives_whole(self) -> None:
        # With djust's default chunk_size this file would arrive truncated: the
        # view's 63 KiB chunks keep each frame under djust's message size limit.
        live = self.live(DocumentsView)
        live.element("#document").upload([("log.txt", b"x" * 300_000, "text/plain")])
        live.form("form").submit()
        live.assert_state_contains(documents=[{"name": "log.txt", "size": 300_000}])

    def test_a_file_type_the_slot_does_not_accept_is_refused(self) -> None:
        live = self.live(DocumentsView)
        with self.assertRaisesMessage(
            UploadError, "djust.uploads logged why: 'Extension not accepted: photo.jpg'"
        ):
            live.element("#document").upload([("photo.jpg", b"\xff\xd8\xff", "image/jpeg")])
        live.form("form").submit()
        self.assertEqual(live.element(".errors").text, "Choose a file first.")

    def test_a_file_too_large_never_leaves_the_browser(self) -> None:
        live = self.live(DocumentsView)
        with self.assertRaisesMessage(UploadError, "djust's client refused 'big.txt'"):
            live.element("#document").upload([("big.txt", b"x" * 2_000_001, "text/plain")])
        self.assertEqual(live.last_action.frames, [])
