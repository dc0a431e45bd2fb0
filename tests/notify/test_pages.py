"""The bell, the list, opening a message, and whose messages one sees."""
from __future__ import annotations

from lianggang.notify.models import Kind, Notification
from lianggang.notify.services import notify


def tell(user, key="e1", title="甲区2023年度监测已开启", link="/work/"):
    return notify([user], Kind.ROUND_OPENED, key, title, "请填报", link)[0]


def test_the_bell_counts_unread_messages(client, world):
    tell(world.filler_health, "e1")
    tell(world.filler_health, "e2")
    client.force_login(world.filler_health)
    bell = client.get("/").content.decode()
    assert 'data-testid="bell"' in bell and '<span class="badge">2</span>' in bell


def test_the_list_shows_only_ones_own_messages(client, world):
    tell(world.filler_health, title="给卫健的消息")
    tell(world.filler_edu, title="给教育的消息")
    client.force_login(world.filler_health)
    page = client.get("/notifications/").content.decode()
    assert "给卫健的消息" in page and "给教育的消息" not in page


def test_opening_a_message_marks_it_read_and_goes_to_its_page(client, world):
    n = tell(world.filler_health, link="/work/")
    client.force_login(world.filler_health)
    response = client.post(f"/notifications/{n.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/work/"
    n.refresh_from_db()
    assert n.read_at is not None
    assert '<span class="badge">' not in client.get("/").content.decode()


def test_another_users_message_cannot_be_opened(client, world):
    n = tell(world.filler_edu)
    client.force_login(world.filler_health)
    assert client.post(f"/notifications/{n.pk}/open/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read(client, world):
    tell(world.filler_health, "a")
    tell(world.filler_health, "b")
    tell(world.filler_edu, "c")
    client.force_login(world.filler_health)
    client.post("/notifications/read-all/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_public_sees_no_bell_and_the_list_asks_to_log_in(client, world):
    assert 'data-testid="bell"' not in client.get("/").content.decode()
    assert client.get("/notifications/").status_code == 302
