from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_pagination_of_thousands_of_pages_links_the_ends_and_the_neighbours_only():
    page = Paginator(range(100_000), 20).page(400)
    request = RequestFactory().get("/search/", {"q": "钱包", "page": 400})
    html = render_to_string("forum/_pagination.html", {"page": page, "request": request})
    assert 'aria-current="page">400<' in html
    for number in (1, 398, 399, 401, 402, 5000):
        assert f'page={number}"' in html and "q=%E9%92%B1%E5%8C%85" in html
    for number in (2, 397, 403, 4999):
        assert f'page={number}"' not in html
    assert html.count('class="ellipsis"') == 2
