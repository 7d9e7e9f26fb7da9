"""Issue 23: usernames are public handles, and a handle or display name made from the person's
e-mail address published it. Every such account gets a generated handle ("teal-lotus-4821"),
such display names are cleared (the handle shows instead), and handles equal in another letter
case are told apart (the oldest account keeps its handle) before 0003 makes them unique in any
case. People still sign in with their e-mail address; apps/social 0002 renamed the list slugs
built from these usernames first."""

from django.db import migrations

from apps.accounts.handles import derived_from_email, generate_handle


def _give_handles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    used = {name.lower() for name in User.objects.values_list("username", flat=True)}
    seen: set[str] = set()
    changed = []
    rows = User.objects.order_by("pk").only("pk", "username", "email", "display_name")
    for user in rows.iterator():
        name = user.username
        new_handle = not name or derived_from_email(name, user.email) or name.lower() in seen
        if new_handle:
            user.username = generate_handle(is_taken=lambda h: h.lower() in used)
            used.add(user.username.lower())
        seen.add(user.username.lower())
        clear_name = bool(user.display_name) and derived_from_email(user.display_name, user.email)
        if clear_name:
            user.display_name = ""
        if new_handle or clear_name:
            changed.append((user.pk, user.username, user.display_name))
    for pk, handle, display_name in changed:  # short UPDATEs: bulk_update's CASE is quadratic
        User.objects.filter(pk=pk).update(username=handle, display_name=display_name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(_give_handles, migrations.RunPython.noop, elidable=False)]
