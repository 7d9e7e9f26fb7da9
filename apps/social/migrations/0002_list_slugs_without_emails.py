"""Issue 23: a list slug was `<username>-<list name>` and a username could be the owner's e-mail
address, so `alice@example.org`'s list "Picks" lived at `/lists/aliceexampleorg-picks`. Such
slugs are rebuilt from the list name alone (`picks`, `picks-2` on a clash); there is no slug
history, and a redirect from the old slug would keep the address in circulation. Runs before
accounts 0002, which replaces those usernames with generated handles."""

from django.db import migrations
from django.utils.text import slugify

from apps.accounts.handles import derived_from_email


def _rename_slugs(apps, schema_editor):
    UserList = apps.get_model("social", "UserList")
    used = set(UserList.objects.values_list("slug", flat=True))
    next_number: dict[str, int] = {}  # per base, so many "Picks" lists stay linear
    renamed = []
    lists = UserList.objects.select_related("owner").order_by("pk")
    for user_list in lists.iterator():
        owner = user_list.owner
        prefix = slugify(owner.username, allow_unicode=True)
        from_email = derived_from_email(owner.username, owner.email)
        if not (from_email and prefix and user_list.slug.startswith(prefix)):
            continue
        base = slugify(user_list.name, allow_unicode=True)[:100].strip("-") or "list"
        slug, n = base, next_number.get(base, 2)
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        next_number[base] = n
        used.discard(user_list.slug)
        used.add(slug)
        renamed.append((user_list.pk, slug))
    for pk, slug in renamed:  # one short UPDATE each: bulk_update's CASE grows quadratically
        UserList.objects.filter(pk=pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("social", "0001_initial"), ("accounts", "0001_initial")]
    run_before = [("accounts", "0002_public_handles_not_emails")]

    operations = [migrations.RunPython(_rename_slugs, migrations.RunPython.noop, elidable=False)]
