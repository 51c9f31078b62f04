from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.answer, name="answer"),
    path("comment/", views.comment, name="comment"),
    path("thanks/", views.thanks, name="thanks"),
]
