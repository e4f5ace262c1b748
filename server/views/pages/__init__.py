"""Pages people would rather look at: a report with its charts, a department over the years, a region,
a classification code across departments, and search. Built on the published observations only.

URLs (each also as ``.json`` / ``.csv``, or by Accept: application/json, text/csv)::

    /page/                                      the reports                       (index.py)
    /page/report/{region}/{name}/{year}/{phase} one report (mirrors /id/report/...) (report.py)
    /page/org/{region}/{name}                   one department (mirrors /id/org/...) (org.py)
    /page/region/{code}                         one region and the regions below it (region.py)
    /page/function/{code}                       one functional classification code (classification.py)
    /page/search?q=...                          departments, regions, classification codes (search.py)

Chinese first; ``?lang=en`` (remembered in a cookie) switches to English. No JavaScript: charts are
SVG drawn here (server/charts.py), drill-down is <details>. The SPARQL is in server/queries_pages.py;
the helpers every page shares are in shared.py, the words of the pages in words.py."""

from server.views.pages import classification, index, org, region, report, search  # noqa: F401 - routes
from server.views.pages.shared import bp

__all__ = ["bp"]
