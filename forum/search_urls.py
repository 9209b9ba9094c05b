from django.urls import path

from core.rate_limits import rate_limited
from forum import search_views as views

# The URL names stay "search:search" and "search:similar": the page moved, its addresses did not.
app_name = "search"

urlpatterns = [
    path("search/", rate_limited("search")(views.search), name="search"),
    path("api/similar", rate_limited("similar")(views.similar), name="similar"),
]
