"""Django forms the LiveViews validate with: the same rules over a WebSocket as over HTTP."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from .models import Todo


class TodoForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Todo
        fields = ("title",)

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"]
        if Todo.objects.filter(title__iexact=title).exists():
            raise forms.ValidationError("That is already on the list.")
        return title


class LoginForm(forms.Form):
    """Checks the credentials; logging in is left to an HTTP view (see views/accounts.py)."""

    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput)

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: AbstractBaseUser | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None:
                raise forms.ValidationError("Wrong username or password.")
        return cleaned
