from django.urls import path

from .views import partner

app_name = "partner"
urlpatterns = [path("<str:token>/", partner.respond, name="respond")]
