from django.urls import path, re_path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    re_path(r"^cases\.(?P<format>csv|json)$", views.case_download, name="case-download"),
    path("data/", views.data, name="data"),
    path("cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
]
