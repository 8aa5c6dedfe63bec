"""Issue 12's broadcasts, presence, notifications and uploads, against djust's real consumer.

Each test takes the same steps twice: on djust's ``LiveViewConsumer`` through
channels' ``WebsocketCommunicator`` (``tests.support.consumers``), several
sockets on the same in-memory channel layer, and on djust_testing's public
API. The frames each tab received after its mount must be the same, wire
versions included (upload refs, random per upload, are normalized).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.test import Client
from djust.config import config
from djust.db.notifications import PostgresNotifyListener

from djust_testing import LiveViewTestCase, LiveViewTestClient, send_db_notification
from djust_testing._browser import uploads
from tests.support.consumers import (
    leave,
    run_sockets,
    send_bytes,
    without_channels,
    without_ids,
    without_refs,
)
from tests.tracker.production import Socket
from tests.views.broadcasts import BOARD, BoardView, NewsView, RoomView
from tests.views.uploads import DocumentView

ROOM = "tests.views.broadcasts.RoomView"
NEWS = "tests.views.broadcasts.NewsView"
DOCUMENTS = "tests.views.uploads.DocumentView"


def after_mount(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The frames after the mount frame (the mount's HTML differs: the page was prerendered)."""
    kinds = [frame.get("type") for frame in frames]
    return frames[kinds.index("mount") + 1 :]


class BroadcastParityTests(LiveViewTestCase):
    def test_pushes_between_two_tabs(self) -> None:
        async def production(ann: Socket, bob: Socket) -> list[Any]:
            await ann.mount(BOARD, "/")
            await bob.mount(BOARD, "/")
            said = await ann.event("say")
            got = await bob.receive_all()
            shouted = await bob.event("shout")
            heard = await ann.receive_all()
            return [said, got, shouted, heard]

        expected = run_sockets(2, production)
        ann = self.live(BoardView)
        bob = LiveViewTestClient(BoardView, client=Client()).mount()
        ann.element("#say").click()
        said, got = ann.last_action.frames, bob.last_action.frames
        bob.element("#shout").click()
        self.assertEqual([said, got, bob.last_action.frames, ann.last_action.frames], expected)

    def test_presence_join_leave_and_a_presence_event(self) -> None:
        async def production(ann: Socket, bob: Socket) -> list[Any]:
            joined = after_mount(await ann.mount(ROOM, "/", {"name": "ann"}))
            bob_joined = after_mount(await bob.mount(ROOM, "/", {"name": "bob"}))
            ann_saw = await ann.receive_all()
            waved = await bob.event("wave")
            ann_got = await ann.receive_all()
            await leave(bob)
            ann_saw_leave = await ann.receive_all()
            return [joined, bob_joined, ann_saw, waved, ann_got, ann_saw_leave]

        expected = run_sockets(2, production)
        ann = self.live(RoomView, name="ann")
        joined = after_mount(ann.last_action.frames)
        bob = LiveViewTestClient(RoomView, client=Client()).mount(name="bob")
        got = [joined, after_mount(bob.last_action.frames), ann.last_action.frames]
        bob.element("#wave").click()
        got += [bob.last_action.frames, ann.last_action.frames]
        bob.close()
        got.append(ann.last_action.frames)
        self.assertEqual(
            [without_channels(f) for f in got], [without_channels(f) for f in expected]
        )

    def test_a_database_notification_reaches_the_listeners(self) -> None:
        async def production(first: Socket, second: Socket) -> list[Any]:
            await first.mount(NEWS, "/")
            await second.mount(NEWS, "/")
            await PostgresNotifyListener()._dispatch("news", json.dumps({"title": "hi"}))
            return [await first.receive_all(), await second.receive_all()]

        expected = run_sockets(2, production)
        first = self.live(NewsView)
        second = LiveViewTestClient(NewsView, client=Client()).mount()
        send_db_notification("news", {"title": "hi"})
        self.assertEqual([first.last_action.frames, second.last_action.frames], expected)


class UploadParityTests(LiveViewTestCase):
    def upload_in_production(
        self, files: list[uploads.ChosenFile], submit: dict[str, Any], slot: str = "doc"
    ) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
        """Each file's frames as djust's client sends them, djust's answers, then the submit's."""

        async def production(socket: Socket) -> Any:
            mount = await socket.mount(DOCUMENTS, "/")
            config = mount[0]["upload_configs"][slot]
            answers = []
            for file in files:
                frames = uploads.frames(slot, file, config, uuid.uuid4().bytes)
                await socket.communicator.send_to(text_data=frames[0])
                for frame in frames[1:-1]:
                    await socket.communicator.send_to(bytes_data=frame)
                answers.append(await send_bytes(socket, frames[-1]))  # type: ignore[arg-type]
            return answers, await socket.event("save", **submit)

        answers, saved = run_sockets(1, production)
        return [without_refs(a) for a in answers], saved

    def test_a_small_file_then_the_forms_submit(self) -> None:
        live = self.live(DocumentView)
        [outcome] = live.element("input[name=doc]").upload([("a.txt", b"hello", "text/plain")])
        live.form("form", data={"title": "T"}).submit()
        assert live.last_action.sent is not None
        answers, saved = self.upload_in_production(
            [uploads.ChosenFile("a.txt", b"hello", "text/plain")], live.last_action.sent["params"]
        )
        self.assertEqual([without_refs(outcome.received)], answers)
        self.assertEqual(without_ids(live.last_action.frames), without_ids(saved))
        self.assertIn("T: a.txt, 5 bytes", json.dumps(saved))

    def test_a_file_over_64_kib_loses_its_full_chunks_as_in_production(self) -> None:
        content = b"x" * 100_000
        live = self.live(DocumentView)
        [outcome] = live.element("input[name=doc]").upload(
            [("big.txt", content, "text/plain")], raise_errors=False
        )
        live.form("form", data={"title": "T"}).submit()
        assert live.last_action.sent is not None
        answers, saved = self.upload_in_production(
            [uploads.ChosenFile("big.txt", content, "text/plain")], live.last_action.sent["params"]
        )
        self.assertEqual([without_refs(outcome.received)], answers)
        self.assertEqual(without_ids(live.last_action.frames), without_ids(saved))
        self.assertIn("T: big.txt, 34464 bytes", json.dumps(saved))

    def test_a_refused_type_and_a_wrong_magic_number(self) -> None:
        files = [
            uploads.ChosenFile("a.exe", b"MZ", "application/x-msdownload"),
            uploads.ChosenFile("a.png", b"not a png at all", "image/png"),
        ]
        live = self.live(DocumentView)
        outcomes = [
            live.element("input[name=doc]").upload(
                [(f.name, f.content, f.content_type)], raise_errors=False
            )[0]
            for f in files
        ]
        live.form("form", data={"title": "T"}).submit()
        assert live.last_action.sent is not None
        answers, saved = self.upload_in_production(files, live.last_action.sent["params"])
        self.assertEqual([without_refs(o.received) for o in outcomes], answers)
        self.assertEqual(without_ids(live.last_action.frames), without_ids(saved))

    def test_chunk_frames_over_the_upload_rate_limit(self) -> None:
        config.update({"rate_limit": {"upload_burst": 4, "upload_rate": 0.001}})
        content = b"z" * (4 * 64512 + 1)
        live = self.live(DocumentView)
        [outcome] = live.element("input[name=big]").upload(
            [("big.bin", content, "")], raise_errors=False
        )
        self.assertEqual(outcome.status, "unanswered")
        live.form("form").submit()
        assert live.last_action.sent is not None
        answers, saved = self.upload_in_production(
            [uploads.ChosenFile("big.bin", content, "")], live.last_action.sent["params"], "big"
        )
        self.assertEqual([without_refs(outcome.received)], answers)
        self.assertEqual(without_ids(live.last_action.frames), without_ids(saved))
