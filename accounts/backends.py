"""Signing in with Django's model backend, loading the session's user with their scope."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class ScopedModelBackend(ModelBackend):
    """Every request loads its user: with the role names and teams in the same query
    (UserQuerySet.with_scope), the access rules cost no further queries to ask who the user is."""

    def get_user(self, user_id):
        user = User.objects.with_scope().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
