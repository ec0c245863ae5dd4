"""chitieu: socio-economic target figures from Vietnamese provincial portals, with every version kept."""

__version__ = "0.1.0"
