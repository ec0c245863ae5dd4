"""Fixture portals, one per platform family, written in Vietnamese in the style of the real sites.

Each module has ``build() -> Site`` and names the pages tests look at. Texts are our own; the figures
are the kind provincial plans state.
"""
