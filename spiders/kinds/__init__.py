"""One generic spider per kind of source (`scrapy list`); which sites they crawl comes from sources.yaml."""
