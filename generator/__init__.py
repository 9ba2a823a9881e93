"""Paper Archive: research-paper listings in, Markdown pages and JSON out, for MkDocs."""
