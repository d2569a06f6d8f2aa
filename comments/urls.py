from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:post_id>/", views.post_comment, name="post"),
]
