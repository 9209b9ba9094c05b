from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("tags/<str:name>/", views.tag, name="tag"),
    path("ask/", views.ask, name="ask"),
    path("preview/", views.preview, name="preview"),
    path("t/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("t/<int:pk>/edit/", views.thread_edit, name="thread_edit"),
    path("t/<int:pk>/revisions/", views.thread_revisions, name="thread_revisions"),
    path("t/<int:pk>/vote/", views.thread_vote, name="thread_vote"),
    path("t/<int:pk>/answer/", views.answer_create, name="answer_create"),
    path("t/<int:pk>/unaccept/", views.thread_unaccept, name="thread_unaccept"),
    path("a/<int:pk>/edit/", views.answer_edit, name="answer_edit"),
    path("a/<int:pk>/revisions/", views.answer_revisions, name="answer_revisions"),
    path("a/<int:pk>/delete/", views.answer_delete, name="answer_delete"),
    path("a/<int:pk>/vote/", views.answer_vote, name="answer_vote"),
    path("a/<int:pk>/accept/", views.answer_accept, name="answer_accept"),
]
