from django.urls import path

from .views import agreement, goals, plans, printing, tasks

app_name = "careplans"
urlpatterns = [
    path("case/<int:case_pk>/new/", plans.start, name="start"),
    path("approvals/", plans.approvals, name="approvals"),
    path("<int:pk>/", plans.detail, name="detail"),
    path("<int:pk>/submit/", plans.submit, name="submit"),
    path("<int:pk>/approve/", plans.approve, name="approve"),
    path("<int:pk>/reject/", plans.reject, name="reject"),
    path("<int:pk>/revise/", plans.revise, name="revise"),
    path("<int:pk>/complete/", plans.complete, name="complete"),
    path("<int:pk>/review/", plans.review, name="review"),
    path("<int:pk>/agreement/", agreement.agreement, name="agreement"),
    path("<int:pk>/print/", printing.print_plan, name="print"),
    path("<int:pk>/pdf/", printing.plan_pdf, name="pdf"),
    path("<int:pk>/goals/new/", goals.goal_add, name="goal_add"),
    path("goals/<int:pk>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/tasks/new/", goals.task_add, name="task_add"),
    path("tasks/<int:pk>/edit/", goals.task_edit, name="task_edit"),
    path("tasks/<int:pk>/complete/", tasks.task_complete, name="task_complete"),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
]
