from .dialect.routing import api_urlpatterns

urlpatterns = [*api_urlpatterns()]
