"""The Celery application. Settings come from Django's settings under the `CELERY_`
namespace; tasks are found in each app's `tasks.py`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slacenter.settings")

app = Celery("slacenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
