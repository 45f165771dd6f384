from django.urls import path

from . import views

app_name = "discharge"
urlpatterns = [
    path("board/", views.board, name="board"),
    path("cases/<int:case_pk>/admit/", views.admit, name="admit"),
    path("cases/<int:case_pk>/transitions/add/", views.transition_add, name="transition_add"),
    path("admissions/<int:pk>/", views.detail, name="detail"),
    path("admissions/<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("admissions/<int:pk>/discharge/", views.discharge, name="discharge"),
    path("admissions/<int:pk>/edd/", views.edd_change, name="edd_change"),
    path("admissions/<int:pk>/reviews/add/", views.review_add, name="review_add"),
    path("admissions/<int:pk>/calls/add/", views.call_record, name="call_record"),
    path("admissions/<int:pk>/choice/", views.choice, name="choice"),
    path("admissions/<int:pk>/choice/print/", views.choice_print, name="choice_print"),
    path("admissions/<int:pk>/handoff/", views.handoff, name="handoff"),
    path("admissions/<int:pk>/handoff.pdf", views.handoff_pdf, name="handoff_pdf"),
    path("admissions/<int:pk>/barriers/add/", views.barrier_add, name="barrier_add"),
    path("barriers/<int:pk>/resolve/", views.barrier_resolve, name="barrier_resolve"),
]
