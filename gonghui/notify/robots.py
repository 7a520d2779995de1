"""Posting to group robots without letting a robot address be aimed inward.

Whoever may enter a robot URL could otherwise make the server post to itself, to the
database host or to a cloud metadata address. A robot URL must name a WeCom or DingTalk robot
host (or one the deployment allows), over HTTPS, and every address the name resolves to must
be public (or inside a network the deployment allows). The check is made when the URL is
saved and again at each send, and the connection goes to the address that was checked, so a
name that resolves differently the second time (DNS rebinding) gains nothing. Redirects are
not followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

ROBOT_HOSTS = {"wecom": {"qyapi.weixin.qq.com"}, "dingtalk": {"oapi.dingtalk.com"}}


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def _allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.ROBOT_ALLOWED_NETWORKS]


def _address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if any(ip in network for network in _allowed_networks()):
        return True
    return ip.is_global and not ip.is_multicast


def check_robot_url(url: str, channel: str) -> Target:
    """The vetted target of a robot URL, or a ValidationError saying in Chinese what is wrong."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    known = ROBOT_HOSTS.get(channel, set())
    extra = {h.lower() for h in settings.ROBOT_ALLOWED_HOSTS}
    if host not in known | extra:
        official = "、".join(sorted(known)) or "企业微信或钉钉的机器人地址"
        raise ValidationError(f"机器人地址须是 {official} 上的地址（请从群机器人设置中复制完整的 Webhook 地址）")
    if parts.scheme != "https" and not (host in extra and parts.scheme == "http"):
        raise ValidationError("机器人地址须以 https:// 开头")
    if parts.username or parts.password:
        raise ValidationError("机器人地址中不能含用户名或密码")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError):
        raise ValidationError(f"无法解析机器人地址的域名 {host}") from None
    addresses = [info[4][0] for info in infos]
    refused = [a for a in addresses if not _address_allowed(a)]
    if not addresses or refused:
        raise ValidationError(f"机器人地址 {host} 指向内部网络地址（{'、'.join(refused)}），不能使用")
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return Target(parts.scheme, host, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post_json(url: str, channel: str, payload: dict, *, delivery_id: int) -> None:
    """POST to a vetted robot. `delivery_id` travels as Idempotency-Key so a receiver (or a relay
    in front of it) can drop the repeat that a retry after a lost answer would send."""
    target = check_robot_url(url, channel)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, settings.WEBHOOK_TIMEOUT_SECONDS)
    try:
        connection.request(
            "POST",
            target.path,
            body=json.dumps(payload, ensure_ascii=False).encode(),
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": f"gonghui-delivery-{delivery_id}",
                "X-Gonghui-Delivery": str(delivery_id),
            },
        )
        response = connection.getresponse()
        body = response.read(64 * 1024)
    finally:
        connection.close()
    if response.status >= 300:
        raise RuntimeError(f"HTTP {response.status}")
    answer = json.loads(body or b"{}")
    # Both robots answer 200 with an error code in the body when they refuse a message.
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"robot refused: {answer}")
