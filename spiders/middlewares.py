"""Downloader middlewares: where a crawl may go, what it asks for again, and how it waits before retrying."""

from __future__ import annotations

import ipaddress
import logging
import socket
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError
from twisted.internet.task import deferLater
from twisted.internet.threads import deferToThread

logger = logging.getLogger(__name__)


class StrictOffsiteMiddleware(OffsiteMiddleware):
    """Scrapy's off-site filter, also for requests marked `dont_filter` (start requests, retries, their
    redirects).

    A redirect from an allowed page to another site is therefore never followed.
    """

    def process_request(self, request: Request) -> None:
        assert self.crawler.spider
        if self.should_follow(request, self.crawler.spider):
            return
        host = urlsplit(request.url).hostname or "(no host)"
        self.stats.inc_value("offsite/filtered")
        if host not in self.domains_seen:
            self.domains_seen.add(host)
            logger.info("Not following off-site request to %s: %s", host, request.url)
        raise IgnoreRequest(f"off-site: {host} is not one of this source's hosts")


class PrivateNetworkRefused(IgnoreRequest):
    """A request to a loopback, private, link-local or otherwise non-public address, without permission."""


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


class PrivateNetworkGuardMiddleware:
    """Refuse requests whose host is, or resolves to, a non-public address (SSRF guard), and non-web schemes.

    Every request goes through here, including redirects and links found in pages. A source on a loopback or
    private address must say `allow_private_network: true`. The host is resolved here; a name that resolves to
    several addresses is refused if any of them is not public.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("GLANEUR_ALLOW_PRIVATE_NETWORK")
        self.verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            self._refuse(request, f"scheme {parts.scheme!r} is not http(s)")
        if self.allow_private:
            return
        host = parts.hostname or ""
        if host not in self.verdicts:
            self.verdicts[host] = await self._judge(host, parts.port)
        if self.verdicts[host]:
            self._refuse(request, self.verdicts[host])

    async def _judge(self, host: str, port: int | None) -> str | None:
        """None when every address of `host` is public, else the reason to refuse it."""
        try:
            addresses = [host] if _is_ip_literal(host) else [
                info[4][0] for info in await maybe_deferred_to_future(
                    deferToThread(socket.getaddrinfo, host, port or 80, proto=socket.IPPROTO_TCP))]
        except socket.gaierror as error:
            raise DNSLookupError(f"{host}: {error}") from error
        private = [address for address in addresses if not is_public_address(address)]
        if private:
            return (f"{host} resolves to non-public address {private[0]} (set allow_private_network: true "
                    "for a source on a loopback or private network)")
        return None

    def _refuse(self, request: Request, reason: str) -> None:
        self.crawler.stats.inc_value("glaneur/refused/private_network")
        logger.warning("Refused %s: %s", request.url, reason)
        raise PrivateNetworkRefused(reason)


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's DNS resolver, refusing non-public answers when the crawl may not reach private networks.

    The guard middleware judges a host before its request is sent; this resolver checks the address the
    connection actually uses, so that a name answering a public address first and a private one next (DNS
    rebinding) is refused too. Installed once per process (TWISTED_DNS_RESOLVER), it asks the process's
    crawlers whether their source allows private networks (GLANEUR_ALLOW_PRIVATE_NETWORK, set from the source
    by the spider).
    """

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.process = crawler  # Scrapy builds the resolver with the CrawlerProcess, before any crawler
        return resolver

    def _private_allowed(self) -> bool:
        crawlers = getattr(self.process, "crawlers", ())
        return any(crawler.settings.getbool("GLANEUR_ALLOW_PRIVATE_NETWORK") for crawler in crawlers)

    def getHostByName(self, name: str, timeout=()):  # noqa: N802 - Twisted's interface
        resolved = super().getHostByName(name, timeout)
        if not self._private_allowed():
            resolved.addCallback(self._public_only, name)
        return resolved

    @staticmethod
    def _public_only(address: str, name: str) -> str:
        if not is_public_address(address):
            # Twisted reports a failed resolution as "no results": say here why there were none.
            logger.warning("Refused %s: resolved to non-public address %s", name, address)
            raise DNSLookupError(f"{name} resolved to non-public address {address}; refused")
        return address


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class ConditionalGetMiddleware:
    """Ask for a known page only if it changed: If-None-Match / If-Modified-Since from the stored crawl state.

    Applies to requests marked `glaneur_conditional` (detail pages and attachments); a 304 then reaches the
    spider, which records the page as seen and unchanged without a body being downloaded.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self._count, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("glaneur_conditional") or request.meta.get("redirect_urls"):
            return
        known = self.crawler.spider.book.previous(request.meta.get("state_key", request.url))
        if not known.get("content_hash"):
            return
        if known.get("etag"):
            request.headers.setdefault(b"If-None-Match", known["etag"])
        if known.get("last_modified"):
            request.headers.setdefault(b"If-Modified-Since", known["last_modified"])
        if known.get("etag") or known.get("last_modified"):
            self.crawler.stats.inc_value("glaneur/conditional/asked")

    def _count(self, response: Response, **_signal_args) -> None:
        if response.status == 304:
            self.crawler.stats.inc_value("glaneur/conditional/not_modified")


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with a growing wait before each new attempt (or the server's Retry-After, capped)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("GLANEUR_RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("GLANEUR_RETRY_BACKOFF_MAX")

    async def process_response(self, request: Request, response: Response):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response.headers.get(b"Retry-After"))
        return result

    async def process_exception(self, request: Request, exception: Exception):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: bytes | None) -> None:
        delay = min(self.backoff_base * 2 ** (retry.meta.get("retry_times", 1) - 1), self.backoff_max)
        asked = _retry_after_seconds(retry_after)
        if asked is not None:
            delay = min(max(asked, delay), self.backoff_max)
        if delay > 0:
            from twisted.internet import reactor  # the one Scrapy installed (importing it earlier picks one)

            self.crawler.stats.inc_value("glaneur/retry/backoff_seconds", delay)
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))


def _retry_after_seconds(value: bytes | None) -> float | None:
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        from datetime import datetime, timezone

        return max((parsedate_to_datetime(text) - datetime.now(timezone.utc)).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None
