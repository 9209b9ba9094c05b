from django.urls import path

from faq import views

app_name = "faq"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.entry_create, name="entry_create"),
    path("promote/<int:answer_id>/", views.entry_promote, name="entry_promote"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/move/", views.category_move, name="category_move"),
    path("<int:pk>/", views.entry_detail, name="entry_detail"),
    path("<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/publish/", views.entry_publish, name="entry_publish"),
    path("<int:pk>/move/", views.entry_move, name="entry_move"),
    path("<int:pk>/merge/", views.entry_merge, name="entry_merge"),
    path("<int:pk>/revisions/", views.entry_revisions, name="entry_revisions"),
    path("<int:pk>/feedback/", views.entry_feedback, name="entry_feedback"),
    # Last: the slug is decoration (the pk is the stable part), and may be Chinese.
    path("<int:pk>/<str:slug>/", views.entry_detail, name="entry_detail_slug"),
]
