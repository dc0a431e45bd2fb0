from django.urls import path

from lianggang.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.inbox, name="list"),
    path("<int:pk>/open/", views.open_one, name="open"),
    path("read-all/", views.read_all, name="read-all"),
]
