"""One generic spider per kind of source; `scrapy list` shows them. Which site each crawls comes from sources.yaml."""
