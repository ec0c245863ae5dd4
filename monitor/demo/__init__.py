"""The offline demo: a bundled NukeViet-style provincial portal, crawled twice around a revision."""
