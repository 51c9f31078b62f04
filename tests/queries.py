"""Counting the SQL queries of one page, as a warm worker serves it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> int:
    """Return how many queries the page costs once its worker is warm.

    The first request of a process also reads the editors' wizard texts and the guide's
    chapter addresses, which the process then keeps (config/memo.py); every later request
    only checks their version. The page is fetched once before it is counted, so the count
    of a page with one record and of one with twenty compare like with like. A streamed
    download is read to its end: its queries run while it streams.
    """
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)
