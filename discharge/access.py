"""Access helpers of the discharge pages: the object if the user may see its case, 404
otherwise (never leak that it exists)."""

from django.shortcuts import get_object_or_404

from .models import Admission, Barrier


def get_admission_for_user(user, pk) -> Admission:
    """The stay if the user may see its case; 404 otherwise."""
    admissions = Admission.objects.visible_to(user).select_related(
        "case__client", "case__program", "case__team", "facility", "payer", "plan"
    )
    return get_object_or_404(admissions, pk=pk)


def get_barrier_for_user(user, pk) -> Barrier:
    """The barrier if the user may see its stay's case; 404 otherwise."""
    barriers = Barrier.objects.visible_to(user).select_related("plan__admission__case")
    return get_object_or_404(barriers, pk=pk)
