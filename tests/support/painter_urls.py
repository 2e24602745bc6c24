"""The site's URLs plus a page with the mask painter in a form, and the picture it paints
over, for the painter's browser tests (tests/system/test_painter.py).

GET /painter-test/?width=W&height=H shows the painter over a W×H picture; POSTing its form
answers with the painted_area the server received, as plain text, or, with "Show it
again", shows the form again with it (as a page does after a form error).
"""

import io

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path, reverse
from PIL import Image, ImageDraw

from edu4all.urls import urlpatterns as site_urlpatterns

LARGEST_SIDE = 2048
PAGE = """{% extends "base.html" %}{% block content %}
<h1>Change part of your picture</h1>
<form method="post" action="{{ request.get_full_path }}">{% csrf_token %}
  <p><label for="before">Something before the painter</label>
     <input type="text" id="before" name="before"></p>
  {% include "generation/_painter.html" with picture_url=picture_url width=width height=height %}
  <p><label for="change">What should change?</label>
     <input type="text" id="change" name="change"></p>
  <button type="submit">Send</button>
  <button type="submit" name="again" value="1">Show it again</button>
</form>
{% endblock %}"""


def _side(request: HttpRequest, name: str, default: int) -> int:
    return max(1, min(LARGEST_SIDE, int(request.GET.get(name, default))))


def painter_page(request: HttpRequest) -> HttpResponse:
    painted_area = request.POST.get("painted_area", "")
    if request.method == "POST" and "again" not in request.POST:
        return HttpResponse(painted_area, content_type="text/plain")
    width, height = _side(request, "width", 768), _side(request, "height", 512)
    context = {
        "picture_url": reverse("painter_test_picture", args=[width, height]),
        "width": width,
        "height": height,
        "painted_area": painted_area,
    }
    return HttpResponse(engines["django"].from_string(PAGE).render(context, request))


def picture(request: HttpRequest, width: int, height: int) -> HttpResponse:
    """A real PNG of that size: sky, grass and a sun, so there is something to paint on."""
    width, height = min(width, LARGEST_SIDE), min(height, LARGEST_SIDE)
    image = Image.new("RGB", (width, height), (120, 180, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(70, 150, 60))
    sun = min(width, height) // 5
    draw.ellipse((width // 10, height // 10, width // 10 + sun, height // 10 + sun), fill="gold")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return HttpResponse(buffer.getvalue(), content_type="image/png")


urlpatterns = [
    path("painter-test/", painter_page, name="painter_test"),
    path(
        "painter-test/picture-<int:width>x<int:height>.png",
        picture,
        name="painter_test_picture",
    ),
    *site_urlpatterns,
]
