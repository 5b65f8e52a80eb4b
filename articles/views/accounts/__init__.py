"""Readers' accounts under ``/account/`` (URL names in the ``accounts`` namespace).

``auth`` holds sign-up, confirmation, sign-in and password reset (Django's views with the
site's templates, rate-limited); ``searches`` the saved searches, their feeds and the
digests' one-click unsubscribe. Nothing else on the site needs an account.
"""
