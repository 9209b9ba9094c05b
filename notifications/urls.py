from django.urls import path

from notifications import views, watch_views
from notifications.mail import views as mail_views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("unread.json", views.notification_unread_json, name="unread_json"),
    path("read/", views.notification_mark_all_read, name="mark_all_read"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_mark_read, name="mark_read"),
    path("watching/", watch_views.watch_list, name="watch_list"),
    path("watch/t/<int:pk>/", watch_views.watch_thread, name="watch_thread"),
    path("watch/c/<slug:slug>/", watch_views.watch_category, name="watch_category"),
    path("watch/tags/<str:name>/", watch_views.watch_tag, name="watch_tag"),
    path("email/", mail_views.email_preferences, name="email_preferences"),
    path("unsubscribe/<str:token>/", mail_views.mail_unsubscribe, name="unsubscribe"),
    path("mail/", mail_views.mail_list, name="mail_list"),
    path("mail/<int:pk>/retry/", mail_views.mail_retry, name="mail_retry"),
]
