"""``element(...).upload(files)``: djust's upload protocol as its browser client speaks it."""

from __future__ import annotations

from djust.config import config

from djust_testing import (
    ConnectionClosedError,
    DomEventError,
    LiveViewTestCase,
    UploadError,
)
from tests.views.uploads import DocumentView, GalleryView, NoUploadsView

# The 16 bytes of a PNG's signature and the start of its header: enough for djust's check.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


class UploadTests(LiveViewTestCase):
    def test_the_handler_consumes_the_bytes_after_the_forms_submit(self) -> None:
        live = self.live(DocumentView)
        [uploaded] = live.element("input[name=doc]").upload([("a.txt", b"hello", "text/plain")])
        self.assertEqual((uploaded.name, uploaded.size, uploaded.status), ("a.txt", 5, "complete"))
        self.assertIsNone(uploaded.error)
        self.assertEqual(
            [(f["type"], f.get("progress"), f.get("status")) for f in uploaded.received],
            [
                ("upload_registered", None, None),
                ("upload_progress", 100, "uploading"),
                ("upload_progress", 100, "complete"),
            ],
        )
        self.assertEqual((live.last_action.kind, live.last_action.name), ("upload", "doc"))
        self.assertEqual(live.element("input[name=doc]").value, "C:\\fakepath\\a.txt")
        self.assertEqual(live.get_event_history()[-1]["type"], "upload")
        live.form("form", data={"title": "Notes"}).submit()
        assert live.last_action.sent is not None
        self.assertEqual(live.last_action.sent["params"]["doc"], {})  # a File, as JSON writes it
        live.assert_state(saved=["Notes: a.txt, 5 bytes"], contents=[b"hello"])
        self.assertEqual(live.element("#saved li").text, "Notes: a.txt, 5 bytes")

    def test_several_files_go_one_after_another_on_a_multiple_input(self) -> None:
        live = self.live(GalleryView)
        files = [(f"{n}.png", PNG, "image/png") for n in "abc"]
        uploaded = live.element("#photos").upload(files)
        self.assertEqual([u.status for u in uploaded], ["complete"] * 3)
        live.element("#list").click()
        self.assertEqual(live.element("#names").text, "a.png:done, b.png:done, c.png:done")

    def test_max_entries_counts_the_uploads_djust_holds_open(self) -> None:
        live = self.live(GalleryView)
        photos = live.element("#photos")
        # Completed entries do not count: three more go.
        photos.upload([(f"{n}.png", PNG, "image/png") for n in "abc"])
        photos.upload([(f"{n}.png", PNG, "image/png") for n in "def"])
        # Failed ones stay open, and do: after three, djust refuses the fourth.
        fails = photos.upload(
            [(f"{n}.png", b"GIF89a...", "image/png") for n in "ghi"], raise_errors=False
        )
        self.assertEqual([u.status for u in fails], ["error"] * 3)
        with self.assertRaisesMessage(
            UploadError,
            "djust rejected 'j.png' for the slot 'photos': 'Upload rejected (check file type, "
            "size, or max entries)'; djust.uploads logged why: \"Max entries (3) reached for "
            "'photos'\"",
        ):
            photos.upload([("j.png", PNG, "image/png")])

    def test_an_input_a_patch_inserts_takes_several_files(self) -> None:
        live = self.live(GalleryView)
        live.element("#more").click()
        # djust's client added multiple to it (the slot takes 3 entries), not to #single.
        uploaded = live.element("#later").upload([("a.png", PNG, "image/png")] * 2)
        self.assertEqual([u.status for u in uploaded], ["complete", "complete"])

    def test_a_file_over_64_kib_arrives_whole_with_63_kib_chunks(self) -> None:
        live = self.live(DocumentView)
        [uploaded] = live.element("input[name=big]").upload([("big.bin", b"y" * 100_000, "")])
        self.assertEqual(uploaded.status, "complete")
        live.form("form").submit()
        self.assertEqual([len(c) for c in live.get_state()["contents"]], [100_000])


class UploadRefusalTests(LiveViewTestCase):
    def test_a_file_over_max_file_size_is_refused_before_anything_is_sent(self) -> None:
        live = self.live(GalleryView)
        with self.assertRaises(UploadError) as raised:
            live.element("#photos").upload(
                [("big.png", PNG * 125, "image/png"), ("small.png", PNG, "image/png")]
            )
        self.assertEqual(
            str(raised.exception),
            "djust's client refused 'big.png' before sending anything: its 2,000 bytes are over "
            "the slot 'photos''s max_file_size of 1,000 (15-uploads.js handleFileSelect: 'File "
            "too large'); it goes on with the next file",
        )
        big, small = raised.exception.files
        self.assertEqual((big.status, big.ref, big.received), ("refused", None, []))
        self.assertEqual(small.status, "complete")

    def test_a_type_outside_accept_is_refused_by_djust_with_its_logged_reason(self) -> None:
        live = self.live(DocumentView)
        with self.assertRaisesMessage(
            UploadError,
            "djust rejected 'setup.exe' for the slot 'doc': 'Upload rejected (check file type, "
            "size, or max entries)'; djust.uploads logged why: 'Extension not accepted: "
            "setup.exe'",
        ):
            live.element("input[name=doc]").upload([("setup.exe", b"MZ", "application/x-dosexec")])
        with self.assertRaisesMessage(
            UploadError, "djust.uploads logged why: 'MIME type not accepted: application/pdf'"
        ):
            live.element("input[name=doc]").upload([("notes.txt", b"%PDF", "application/pdf")])

    def test_content_that_is_not_what_its_type_says_fails_when_it_completes(self) -> None:
        live = self.live(DocumentView)
        with self.assertRaises(UploadError) as raised:
            live.element("input[name=doc]").upload([("a.png", b"GIF89a, not a PNG", "image/png")])
        self.assertEqual(
            str(raised.exception),
            "djust refused 'a.png' when it completed: \"File content doesn't match expected "
            'type: image/png"',
        )
        [failed] = raised.exception.files
        self.assertEqual(failed.status, "error")
        live.form("form").submit()
        live.assert_state(saved=[])

    def test_an_empty_file_of_a_known_type_fails_djusts_content_check(self) -> None:
        live = self.live(DocumentView)
        with self.assertRaisesMessage(
            UploadError,
            "djust refused 'empty.txt' when it completed: \"File content doesn't match "
            'expected type: text/plain"',
        ):
            live.element("input[name=doc]").upload([("empty.txt", b"", "text/plain")])
        # Without a type djust checks nothing: the complete frame alone stores it.
        [uploaded] = live.element("input[name=big]").upload([("empty", b"", "")])
        self.assertEqual(uploaded.status, "complete")

    def test_raise_errors_false_returns_what_happened(self) -> None:
        live = self.live(DocumentView)
        [failed] = live.element("input[name=doc]").upload(
            [("setup.exe", b"MZ", "")], raise_errors=False
        )
        self.assertEqual(failed.status, "error")
        self.assertIn("'Extension not accepted: setup.exe'", str(failed.error))

    def test_a_file_over_64_kib_loses_its_full_chunks_with_the_default_chunk_size(self) -> None:
        live = self.live(DocumentView)
        with self.assertRaises(UploadError) as raised:
            live.element("input[name=doc]").upload([("big.txt", b"x" * 100_000, "text/plain")])
        self.assertEqual(
            str(raised.exception),
            "djust dropped 1 of the 2 chunk frames of 'big.txt': a frame of 65,557 bytes (a "
            "65,536-byte chunk and the 21-byte header) is over djust's max_message_size of "
            "65,536 bytes, so djust answered 'Message too large (65557 bytes)' and dropped it "
            "(websocket.py receive). The upload still completed, with 34,464 of its 100,000 "
            "bytes: in production this file arrives truncated. Pass chunk_size=65515 (or less) "
            "to allow_upload(), or raise LIVEVIEW_CONFIG['max_message_size'].",
        )
        self.assertEqual(raised.exception.files[0].status, "truncated")
        live.form("form").submit()
        self.assertEqual([len(c) for c in live.get_state()["contents"]], [34_464])

    def test_chunk_frames_beyond_djusts_upload_rate_limit_are_dropped(self) -> None:
        config.update({"rate_limit": {"upload_burst": 4, "upload_rate": 0.001}})
        live = self.live(DocumentView)
        with self.assertRaises(UploadError) as raised:
            live.element("input[name=big]").upload([("big.bin", b"z" * (4 * 64512 + 1), "")])
        message = str(raised.exception)
        self.assertIn(
            "djust answered none of the frames of 'big.bin' with its upload progress, so "
            "djust's client waits for ever. djust's upload rate limit dropped 1 of the 5 chunk "
            "frames of 'big.bin' ('Too many upload frames, some are being dropped')",
            message,
        )
        self.assertTrue(message.endswith("Its complete frame was dropped too."), message)

    def test_a_flood_of_upload_frames_closes_the_connection(self) -> None:
        config.update({"rate_limit": {"upload_burst": 1, "upload_rate": 0.001}})
        live = self.live(DocumentView)
        with self.assertRaisesMessage(
            UploadError,
            "djust closed the connection (code 4429: rate limited) while 'big.bin' was being "
            "sent. djust's upload rate limit dropped 2 of the 4 chunk frames",
        ):
            live.element("input[name=big]").upload([("big.bin", b"z" * (4 * 64512), "")])
        with self.assertRaises(ConnectionClosedError):
            live.send_event("save")

    def test_a_view_without_uploads_leaves_the_client_waiting(self) -> None:
        live = self.live(NoUploadsView)
        with self.assertRaises(UploadError) as raised:
            live.element("#doc").upload(
                [("a.txt", b"a", "text/plain"), ("b.txt", b"b", "text/plain")]
            )
        self.assertEqual(
            str(raised.exception),
            "djust answered none of the frames of 'a.txt' with its upload progress (to its "
            "upload_register it answered 'No uploads configured for this view'), so djust's "
            "client waits for ever\nso the files after 'a.txt' are never sent: 'b.txt'",
        )
        self.assertEqual([f.status for f in raised.exception.files], ["unanswered", "not sent"])


class UploadMisuseTests(LiveViewTestCase):
    def test_several_files_need_a_multiple_input(self) -> None:
        live = self.live(GalleryView)
        with self.assertRaisesMessage(
            DomEventError,
            '<input type="file" id="single" dj-upload="photos"> has no multiple attribute: a '
            "user chooses one file in it. djust's client adds multiple (the slot 'photos' takes "
            "3 entries) only to a dj-upload input a patch inserts after the mount: one on the "
            "page when it loads keeps its own attributes (15-uploads.js bindUploadHandlers). "
            "Write multiple in the template.",
        ):
            live.element("#single").upload([("a.png", PNG, "image/png")] * 2)
        self.assertEqual(live.last_action.kind, "mount")  # nothing was sent

    def test_a_slot_of_two_entries_names_its_count(self) -> None:
        live = self.live(DocumentView)
        with self.assertRaises(DomEventError) as raised:
            live.element("input[name=doc]").upload([("a.txt", b"a", "text/plain")] * 2)
        self.assertIn("djust's client adds multiple (the slot 'doc' takes 2", str(raised.exception))

    def test_the_input_must_be_a_dj_upload_file_input(self) -> None:
        live = self.live(GalleryView)
        cases = [
            ("#plain", "has no dj-upload: djust's client uploads the files of [dj-upload] inputs"),
            ("#list", 'is not a file input: upload() chooses files in an <input type="file">'),
            ("#off", "is disabled: a user cannot choose files in it"),
            ("#watched", "also has dj-change: choosing files fires it besides the upload"),
            (
                "#manual",
                "the slot 'manual' has auto_upload=False: djust's client sends nothing when "
                "files are chosen",
            ),
        ]
        for selector, message in cases:
            with self.subTest(selector), self.assertRaisesMessage(DomEventError, message):
                live.element(selector).upload([("a.png", PNG, "image/png")])

    def test_files_are_name_bytes_and_type(self) -> None:
        live = self.live(DocumentView)
        doc = live.element("input[name=doc]")
        shape = "upload() takes a list of (filename, content: bytes, content_type) tuples"
        cases = [
            ("a.txt", f"{shape}, got str"),
            ([("a.txt", b"a")], f"{shape}, got ('a.txt', b'a')"),
            ([("a.txt", "text", "text/plain")], "the content of 'a.txt' is str, not bytes"),
            ([("a.txt", b"a", None)], "the content_type of 'a.txt' is a str"),
            ([("", b"a", "text/plain")], "a file's name is a non-empty str"),
            ([], f"{shape}: choose at least one file"),
        ]
        for files, message in cases:
            with self.subTest(files), self.assertRaisesMessage(DomEventError, message):
                doc.upload(files)

    def test_typing_into_a_file_input_points_to_upload(self) -> None:
        live = self.live(DocumentView)
        with self.assertRaisesMessage(
            DomEventError,
            "is a file input: a user chooses files in it, with element(...).upload(files)",
        ):
            live.element("input[name=doc]").change("C:\\fakepath\\a.txt")
        with self.assertRaisesMessage(
            DomEventError, "is a file input: choose its files with element(...).upload(files)"
        ):
            live.form("form").fill({"doc": "a.txt"})
        with self.assertRaisesMessage(
            DomEventError,
            "is a file input: choosing files goes through djust's upload pipeline; use "
            "element(...).upload(files)",
        ):
            live.element("input[name=doc]").input("a.txt")

    def test_a_closed_client_cannot_upload(self) -> None:
        live = self.live(DocumentView)
        live.close()
        with self.assertRaises(ConnectionClosedError):
            live.element("input[name=doc]").upload([("a.txt", b"a", "text/plain")])
