"""Scrapy settings of the glaneur project: polite and bounded by default.

Per-source values (delay, concurrency, timeouts, bounds, private-network permission, User-Agent contact) come
from sources.yaml and are applied by `GlaneurSpider.from_crawler` (see `source_settings`), so that `scrapy
crawl KIND -a source=NAME` and the crawl subprocess of `glaneur.flows.crawl` behave the same.
"""

BOT_NAME = "glaneur"
SPIDER_MODULES = ["glaneur.spiders.kinds"]
NEWSPIDER_MODULE = "glaneur.spiders.kinds"

# Politeness: robots.txt, one request at a time per site, a delay adapted to the server's latency.
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "glaneur"  # the token robots.txt rules name, not the whole User-Agent header
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
USER_AGENT = "glaneur/0.1 (+https://github.com/glaneur/glaneur)"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 opens a token-protected HTTP server that runs Python code sent to it: never in a crawler of
# others' sites.
REMOTE_CONTROL_ENABLED = False

# Bounds: no crawl may hang, loop or fill the disk.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
METAREFRESH_MAXDELAY = 10
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Backoff before each retry: base * 2**(attempt-1), capped; a Retry-After header up to the cap wins.
GLANEUR_RETRY_BACKOFF_BASE = 1.0
GLANEUR_RETRY_BACKOFF_MAX = 30.0
DEPTH_LIMIT = 0
CLOSESPIDER_PAGECOUNT = 2000

# Loopback, private and link-local addresses are refused unless the source allows them (see middlewares.py).
TWISTED_DNS_RESOLVER = "glaneur.spiders.middlewares.PublicOnlyResolver"
GLANEUR_ALLOW_PRIVATE_NETWORK = False

# Only the web: no file://, s3://, ftp:// or data: downloads, whatever a page links to.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}

DOWNLOADER_MIDDLEWARES = {
    # Off-site requests are dropped whatever their origin (start request, retry, redirect, link).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "glaneur.spiders.middlewares.StrictOffsiteMiddleware": 50,
    # Before robots.txt, so that not even robots.txt is asked from a forbidden address.
    "glaneur.spiders.middlewares.PrivateNetworkGuardMiddleware": 60,
    "glaneur.spiders.middlewares.ConditionalGetMiddleware": 560,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "glaneur.spiders.middlewares.BackoffRetryMiddleware": 550,
}

ITEM_PIPELINES = {
    "glaneur.spiders.pipelines.HintCleaningPipeline": 100,
    "glaneur.spiders.pipelines.KnownContentPipeline": 200,
    "glaneur.spiders.pipelines.CrawlStatePipeline": 300,
    "glaneur.spiders.pipelines.SpoolPipeline": 400,
}

EXTENSIONS = {
    "glaneur.spiders.report.CrawlReport": 500,
}

# Where captures, state.json and stats.json are written; the crawl subprocess sets both, `scrapy crawl` may.
GLANEUR_OUT = "crawl-output"
GLANEUR_STATE = None

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
