from __future__ import annotations

from django.db import models


class Project(models.Model):
    name = models.CharField(max_length=80)
    owner = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.CASCADE)

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    project = models.ForeignKey(Project, related_name="tasks", on_delete=models.CASCADE)
    title = models.CharField(max_length=120)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title
