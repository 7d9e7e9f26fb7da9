from django import template

from apps.web.labels import genre_label, kind_label, language_label

register = template.Library()

register.filter("language_label", language_label)
register.filter("genre_label", genre_label)
register.filter("kind_label", kind_label)
