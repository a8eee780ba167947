"""The service center rates a department's answer from the ticket page (issue 11):
"Satisfied" / "Not satisfied" with a reason, through `services.transfer_rate`."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import limits, services
from ..models import AnswerRating
from ..selectors import ticket_get, transfer_get
from .common import call_service, edge_now, form_error
from .detail import _done, _refused


class TransferRateForm(forms.Form):
    rating = forms.ChoiceField(label=gettext_lazy("Rating"), choices=AnswerRating.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=limits.RATING_REASON, required=False)


@login_required
@require_POST
def transfer_rate(request, pk):
    transfer = transfer_get(request.user, pk)
    ticket = ticket_get(request.user, transfer.ticket_id)
    form = TransferRateForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, form_error(form), panel="rating")
    _result, error = call_service(
        services.transfer_rate, transfer=transfer, actor=request.user,
        satisfied=form.cleaned_data["rating"] == AnswerRating.SATISFIED, reason=form.cleaned_data["reason"],
        now=edge_now(),
    )
    if error:
        return _refused(request, ticket, error, panel="rating")
    return _done(request, ticket.pk, _("Your rating of the department's answer was saved."))
