"""The customer's pages: the public complaint form and the tracking page. No login;
rate-limited per address; never an id in a URL; noindex and no referrer."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from slacenter.errors import DomainError
from tickets.models import Comment

from ..forms import PublicComplaintForm, SurveyForm, new_challenge
from ..models import CallbackStatus, ComplaintStage
from ..ratelimit import allow, client_ip
from ..selectors import complaint_by_token
from ..services.callbacks import survey_answer
from ..services.public import public_complaint_submit

TRACK_LIMIT = (60, 60)  # requests per minute per address
FORM_LIMIT = (5, 3600)  # complaints per hour per address

# Stage in the customer's words.
CUSTOMER_STATUS = {
    ComplaintStage.RECEIVED: gettext_lazy("We have received your complaint"),
    ComplaintStage.ACKNOWLEDGED: gettext_lazy("We have received your complaint"),
    ComplaintStage.HANDLING: gettext_lazy("We are working on it"),
    ComplaintStage.ANSWERED: gettext_lazy("We have given our answer"),
    ComplaintStage.CLOSED: gettext_lazy("Completed"),
}


def _language(request) -> str | None:
    """`?lang=en` / `?lang=zh-hans` switches the public pages' language (a link, not a
    form: under `Referrer-Policy: no-referrer` a browser posts with `Origin: null`)."""
    from django.conf import settings
    from django.utils import translation

    lang = request.GET.get("lang")
    if lang in dict(settings.LANGUAGES):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return lang
    return None


def _private(response: HttpResponse, lang: str | None = None) -> HttpResponse:
    if lang:
        from django.conf import settings

        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 24 * 3600, samesite="Lax")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def _too_many() -> HttpResponse:
    return _private(HttpResponse(_("Too many requests; please try again later."), status=429,
                                 content_type="text/plain; charset=utf-8"))


def _public_name(user) -> str:
    """Staff appear to customers under the team's display name, never by their own."""
    return _("Customer service")


def _next_update(complaint):
    from sla.models import TicketClock

    clock = TicketClock.objects.filter(ticket_id=complaint.ticket_id, metric="stage_update", stopped_at__isnull=True,
                                       transfer__isnull=True).first()
    return clock.due_at if clock else None


# No CSRF token on the customer's pages: they use no session or cookie authority (the
# tracking token in the URL is the only credential, and the form files a complaint
# anyone may file), and under `no-referrer` browsers post with `Origin: null`.
@never_cache
@csrf_exempt
def track(request, token):
    lang = _language(request)
    if not allow(f"track:{client_ip(request)}", limit=TRACK_LIMIT[0], window=TRACK_LIMIT[1]):
        return _too_many()
    try:
        complaint = complaint_by_token(token)
    except Http404:
        response = render(request, "complaints/public/not_found.html", status=404)
        return _private(response, lang)
    survey_open = (complaint.stage == ComplaintStage.ANSWERED
                   and complaint.callbacks.filter(status=CallbackStatus.OPEN).exists())
    form = SurveyForm(request.POST or None) if survey_open else None
    error = None
    thanks = request.GET.get("thanks") == "1"
    if request.method == "POST":
        if form is None:
            error = _("There is no survey to answer for this complaint now.")
        elif form.is_valid():
            try:
                survey_answer(complaint=complaint, now=timezone.now(), **form.cleaned_data)
            except DomainError as exc:
                error = exc.message
            else:
                return _private(redirect(f"{request.path}?thanks=1"))
    ticket = complaint.ticket
    replies = [{"at": c.created_at, "body": c.body, "by": _public_name(c.author)}
               for c in ticket.comments.filter(visibility=Comment.Visibility.PUBLIC).select_related("author")]
    answered = complaint.callbacks.exclude(status__in=[CallbackStatus.OPEN, CallbackStatus.CANCELLED]).first()
    context = {
        "number": ticket.number,
        "title": ticket.title,
        "received_at": complaint.created_at,
        "status": CUSTOMER_STATUS[complaint.stage],
        "stage": complaint.stage,
        "replies": replies,
        "final_reply": complaint.final_reply,
        "next_update": _next_update(complaint) if complaint.stage in (
            ComplaintStage.RECEIVED, ComplaintStage.ACKNOWLEDGED, ComplaintStage.HANDLING) else None,
        "form": form,
        "error": error,
        "thanks": thanks,
        "answered": answered,
    }
    return _private(render(request, "complaints/public/track.html", context, status=400 if error else 200), lang)


@never_cache
@csrf_exempt
def public_form(request):
    lang = _language(request)
    if request.method == "POST" and not allow(f"form:{client_ip(request)}", limit=FORM_LIMIT[0],
                                              window=FORM_LIMIT[1]):
        return _too_many()
    form = PublicComplaintForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in ("answer", "challenge", "website"):
            data.pop(key)
        try:
            complaint = public_complaint_submit(now=timezone.now(), **data)
        except DomainError as exc:
            error = exc.message
        else:
            return _private(redirect("complaints_public:track", complaint.tracking_token))
    question, signed = new_challenge()
    response = render(request, "complaints/public/form.html",
                      {"form": form, "question": question, "challenge": signed, "error": error},
                      status=400 if form.is_bound else 200)
    return _private(response, lang)
