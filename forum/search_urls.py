from django.urls import path

from forum import search_views as views

# The URL names stay "search:search" and "search:similar": the page moved, its addresses did not.
app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("api/similar", views.similar, name="similar"),
]
