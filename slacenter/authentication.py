"""Who is asking, read with what every request needs next: the user's staff profile and
department (role and data scope are decided from them on every page and API call), in
the same query as the user — one query instead of three."""

from django.contrib.auth import backends, get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

# Reverse one-to-one and its foreign key: joined, so `role_of` / `department_of` read no more.
PROFILE = ("profile", "profile__department")


class ModelBackend(backends.ModelBackend):
    """Django's backend; the session's user comes with the profile joined."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related(*PROFILE).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication; the token's user comes with the profile joined."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:  # get, not first(): no ORDER BY to compile on every API request
            token = model.objects.select_related("user", *(f"user__{p}" for p in PROFILE)).get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
