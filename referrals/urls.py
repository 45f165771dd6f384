from django.urls import path

from .views import directory, packet, referrals

app_name = "referrals"
urlpatterns = [
    path("", referrals.queue, name="queue"),
    path("directory/", directory.directory, name="directory"),
    path("case/<int:case_pk>/new/", referrals.referral_new, name="new"),
    path("case/<int:case_pk>/several/", referrals.batch_new, name="batch_new"),
    path("<int:pk>/", referrals.detail, name="detail"),
    path("<int:pk>/send/", referrals.send, name="send"),
    path("<int:pk>/move/<str:move>/", referrals.transition, name="transition"),
    path("<int:pk>/link/", referrals.new_link, name="new_link"),
    path("<int:pk>/reroute/", referrals.reroute, name="reroute"),
    path("<int:pk>/packet/", packet.packet, name="packet"),
    path("<int:pk>/packet.pdf", packet.packet_pdf, name="packet_pdf"),
]
