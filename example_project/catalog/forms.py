"""The review form, validated live as the customer fills it in."""

from __future__ import annotations

from django import forms

from .models import Review

RATINGS = [(n, f"{n} / 5") for n in range(5, 0, -1)]


class ReviewForm(forms.ModelForm):  # type: ignore[type-arg]
    rating = forms.TypedChoiceField(choices=RATINGS, coerce=int)
    text = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Review
        fields = ("author", "rating", "text")
