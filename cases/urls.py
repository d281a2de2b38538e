from django.urls import path, re_path

from cases import feeds, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    re_path(r"^cases\.(?P<format>csv|json)$", views.case_download, name="case-download"),
    path("data/", views.data, name="data"),
    path("about/", views.about, name="about"),
    path("language/", views.switch_language, name="language"),
    path("cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    # Atom feeds of the cases a (filtered) index shows, and of one case.
    *(
        path(f"feeds/{kind}/", views.throttled(feed()), name=f"feed-{kind}")
        for kind, feed in feeds.FEEDS.items()
    ),
    *(
        path(f"cases/<slug:slug>/feeds/{kind}/", views.throttled(feed()), name=f"case-feed-{kind}")
        for kind, feed in feeds.FEEDS.items()
        if kind != "cases"
    ),
]
