"""kanwu (勘误): a linter and fixer for Chinese news text damaged by OCR, scraping and layout."""
__version__ = "0.1.0"
