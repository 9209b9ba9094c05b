from django.urls import path
from django.views.generic import RedirectView

from moderation import appeal_views, image_views, views

app_name = "moderation"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="moderation:queue"), name="index"),
    path("queue/", views.flag_queue, name="queue"),
    path("flag/thread/<int:thread_id>/", views.flag_thread, name="flag_thread"),
    path("flag/answer/<int:answer_id>/", views.flag_answer, name="flag_answer"),
    path("appeal/thread/<int:thread_id>/", appeal_views.appeal_thread, name="appeal_thread"),
    path("appeal/answer/<int:answer_id>/", appeal_views.appeal_answer, name="appeal_answer"),
    path("thread/<int:thread_id>/", views.thread_moderate, name="thread_moderate"),
    path("thread/<int:thread_id>/move/", views.thread_move, name="thread_move"),
    path(
        "thread/<int:thread_id>/close-duplicate/",
        views.thread_close_duplicate,
        name="thread_close_duplicate",
    ),
    path(
        "thread/<int:thread_id>/needs-staff/", views.thread_needs_staff, name="thread_needs_staff"
    ),
    path("thread/<int:thread_id>/<slug:action>/", views.thread_action, name="thread_action"),
    path("answer/<int:answer_id>/<slug:action>/", views.answer_action, name="answer_action"),
    path(
        "thread/<int:thread_id>/image/<int:upload_id>/remove/",
        image_views.thread_image_remove,
        name="thread_image_remove",
    ),
    path(
        "answer/<int:answer_id>/image/<int:upload_id>/remove/",
        image_views.answer_image_remove,
        name="answer_image_remove",
    ),
    path("staff/", views.staff_queue, name="staff_queue"),
    path("staff/<int:escalation_id>/", views.escalation_detail, name="escalation_detail"),
    path("staff/<int:escalation_id>/update/", views.escalation_update, name="escalation_update"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("log/", views.audit_log, name="audit_log"),
]
