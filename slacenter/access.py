"""Who may read the API's description. The OpenAPI schema and the API docs describe
an internal application: they need a login as staff of any role (service center or a
business department, or an admin); anonymous users and accounts without a role get
none of it."""

from rest_framework.permissions import BasePermission

from tickets.permissions import role_of


class StaffOfAnyRole(BasePermission):
    def has_permission(self, request, view) -> bool:
        return role_of(request.user) is not None
