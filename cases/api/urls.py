from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views
from .schema import SwaggerDocsView

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("people", views.PersonViewSet, basename="person")
router.register("charges", views.ChargeViewSet, basename="charge")
router.register("events", views.EventViewSet, basename="event")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("positions", views.PositionViewSet, basename="position")
router.register("status-changes", views.StatusChangeViewSet, basename="statuschange")
router.register("sources", views.SourceViewSet, basename="source")
router.register("citations", views.CitationViewSet, basename="citation")


@csrf_exempt  # as the API's views are: a write here gets the 404, not a CSRF page
def not_found(request, *args, **kwargs):
    """Any other address under v1/ (`/cases/a.b/`, an unknown resource) is a 404 in JSON too."""
    return JsonResponse({"detail": gettext("Nothing is at this address in API v1.")}, status=404)


urlpatterns = [
    path("v1/", include(router.urls)),
    re_path(r"^v1/", not_found),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(url_name="schema"), name="api-docs"),
]
