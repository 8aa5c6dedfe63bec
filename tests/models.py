from __future__ import annotations

from django.db import models


class Widget(models.Model):
    name: models.CharField[str, str] = models.CharField(max_length=50)

    def __str__(self) -> str:
        return str(self.name)
