"""Public pages (docs/architecture.md's contract)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from articles import views
from articles.views.accounts import auth as accounts_auth
from articles.views.accounts import searches as accounts_searches
from articles.views.compare import compare
from articles.views.exports import article_export
from articles.views.feeds import ArticleFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/export.csv", article_export, {"fmt": "csv"}, name="article_export_csv"),
    path("articles/export.jsonl", article_export, {"fmt": "jsonl"}, name="article_export_jsonl"),
    path("articles/feed.atom", ArticleFeed(), name="article_feed"),
    path("articles/suggest/<str:kind>/", views.lists.article_suggest, name="article_suggest"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article_detail"),
    path("compare/", compare, name="compare"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso2>/", views.country_detail, name="country_detail"),
    path("officials/", views.official_list, name="official_list"),
    path("officials/<slug:slug>/", views.official_detail, name="official_detail"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<str:slug>/", views.source_detail, name="source_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<str:slug>/", views.organization_detail, name="organization_detail"),
    path("network/", views.network_page, name="network"),
]

# Readers' accounts, under /account/ in the "accounts" namespace (newsroom/urls.py).
account_patterns = (
    [
        path("", accounts_searches.searches, name="searches"),
        path("signup/", accounts_auth.sign_up, name="signup"),
        path("signup/sent/", accounts_auth.sign_up_sent, name="signup_sent"),
        path("confirm/resend/", accounts_auth.confirm_resend, name="confirm_resend"),
        path("confirm/<str:token>/", accounts_auth.confirm, name="confirm"),
        path("login/", accounts_auth.SignInView.as_view(), name="login"),
        path("logout/", accounts_auth.SignOutView.as_view(), name="logout"),
        path("delete/", accounts_auth.delete_account, name="delete"),
        path(
            "password/change/",
            auth_views.PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                success_url=reverse_lazy("accounts:password_change_done"),
            ),
            name="password_change",
        ),
        path(
            "password/change/done/",
            auth_views.PasswordChangeDoneView.as_view(
                template_name="accounts/password_change_done.html"
            ),
            name="password_change_done",
        ),
        path("password/reset/", accounts_auth.ResetView.as_view(), name="password_reset"),
        path(
            "password/reset/sent/",
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            ),
            name="password_reset_done",
        ),
        path(
            "password/reset/<uidb64>/<token>/",
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            ),
            name="password_reset_confirm",
        ),
        path(
            "password/reset/done/",
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            ),
            name="password_reset_complete",
        ),
        path("searches/new/", accounts_searches.search_create, name="search_create"),
        path("searches/<int:pk>/", accounts_searches.search_edit, name="search_edit"),
        path("searches/<int:pk>/delete/", accounts_searches.search_delete, name="search_delete"),
        path("feeds/<str:token>/", accounts_searches.SavedSearchFeed(), name="search_feed"),
        path("unsubscribe/<str:token>/", accounts_searches.unsubscribe, name="unsubscribe"),
    ],
    "accounts",
)
