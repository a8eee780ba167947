"""The customer's pages, outside the staff area and without login."""

from django.urls import path

from .views import public

app_name = "complaints_public"
urlpatterns = [
    path("track/<str:token>/", public.track, name="track"),
    path("complain/", public.public_form, name="form"),
]
