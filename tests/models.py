from __future__ import annotations

from django.db import models


class Widget(models.Model):
    name: models.CharField[str, str] = models.CharField(max_length=50)

    def __str__(self) -> str:
        return str(self.name)


class Author(models.Model):
    name: models.CharField[str, str] = models.CharField(max_length=50)


class Book(models.Model):
    title: models.CharField[str, str] = models.CharField(max_length=80)
    author: models.ForeignKey[Author, Author] = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="books"
    )
