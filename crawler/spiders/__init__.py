"""The crawler's one spider: :class:`crawler.spiders.portal.PortalSpider` (platforms are adapters)."""
