from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casemgmt.decorators import read_only
from casemgmt.transitions import InvalidTransition
from casemgmt.versioning import StaleVersion
from cases.access import get_case_for_user

from . import charts, services
from .access import get_assessment_for_user
from .forms import AddendumForm, AnswersForm, StartForm
from .models import Assessment, Instrument


@login_required
def start(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    if not case.is_open:
        messages.error(request, "This case is closed: reopen it to assess the client again.")
        return redirect(case)
    form = StartForm(request.POST or None, initial=request.GET)
    if form.is_valid():
        try:
            assessment = services.start_assessment(case=case, by=request.user, **form.cleaned_data)
        except InvalidTransition as e:
            form.add_error(None, str(e))
        else:
            return redirect("assessments:fill", assessment.pk)
    return render(request, "assessments/start.html", {"case": case, "form": form})


@login_required
def fill(request, pk):
    """Answer a draft: save it for later, or complete it (which locks it)."""
    assessment = get_assessment_for_user(request.user, pk)
    if assessment.is_completed:
        return redirect(assessment)
    instrument = Instrument.objects.with_structure().get(pk=assessment.instrument_id)
    prefetch_related_objects([assessment], "answers")
    completing = "complete" in request.POST
    form = AnswersForm(
        request.POST or None, assessment=assessment, instrument=instrument, completing=completing
    )
    if form.is_valid():
        service = services.complete_assessment if completing else services.save_draft
        try:
            service(assessment=assessment, by=request.user, **form.draft())
        except StaleVersion as e:
            form.refuse_stale(e)
        except InvalidTransition as e:
            messages.error(request, str(e))
            return redirect(assessment)
        else:
            messages.success(request, "Assessment completed." if completing else "Draft saved.")
            return redirect(assessment)
    context = {"assessment": assessment, "case": assessment.case, "form": form}
    return render(request, "assessments/fill.html", context)


@read_only
@login_required
def detail(request, pk):
    """The result: score and band, domains with the change since last time, alerts, needs."""
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.is_completed:
        return redirect(assessment)
    result = charts.AssessmentResult.of(assessment, user=request.user)
    context = {
        "assessment": assessment,
        "case": assessment.case,
        "result": result,
        "addendum_form": AddendumForm(),
    }
    return render(request, "assessments/detail.html", context)


@read_only
@login_required
def trends(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    assessments = Assessment.objects.visible_to(request.user).filter(case=case)
    context = {"case": case, "trends": charts.case_trends(assessments)}
    return render(request, "assessments/trends.html", context)


@login_required
@require_POST
def addendum_add(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    form = AddendumForm(request.POST)
    if not assessment.is_completed:
        messages.error(request, "Only completed assessments take addenda: edit the draft instead.")
    elif form.is_valid():
        form.instance.assessment, form.instance.author = assessment, request.user
        form.save()
        messages.success(request, "Addendum added.")
    else:
        messages.error(request, "Write the addendum before adding it.")
    return redirect(assessment)
