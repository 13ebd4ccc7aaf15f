"""frontwatch: scrape conflict news, tag places, armed groups and commanders, store them for analysis."""

__version__ = "0.1.0"
