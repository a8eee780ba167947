"""Bench-only settings and middleware: the production settings plus a response header
with the number of SQL queries the request ran (`X-Queries`). `bench/api.py` starts
gunicorn with `DJANGO_SETTINGS_MODULE=querycount` and `bench/` on `PYTHONPATH`; the
application itself never loads this module."""

from django.db import connection

from slacenter.settings import *  # noqa: F403
from slacenter.settings import MIDDLEWARE

MIDDLEWARE = ["querycount.QueryCountMiddleware", *MIDDLEWARE]


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response
