"""One module per kind of page: resource (conneg), sparql, catalogue (VoID, DCAT, dumps, sitemap)."""
