"""The prebuilt search index: lunr postings in shards, so that a query loads only its terms."""
