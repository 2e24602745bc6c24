from django.urls import path

from generation import urls_safety
from generation.views import images, student, teacher

urlpatterns = [
    path("assignments/<int:assignment_id>/", student.assignment_page, name="student_assignment"),
    path("assignments/<int:assignment_id>/generate/", student.generate, name="generate"),
    path("assignments/<int:assignment_id>/gallery/", student.gallery, name="gallery"),
    path("images/<int:generation_id>/", images.image_page, name="image"),
    path("images/<int:generation_id>/status/", images.status_fragment, name="image_status"),
    path("images/<int:generation_id>/file/<str:kind>/", images.image_file, name="image_file"),
    path("teach/review/", teacher.review_queue, name="review_queue"),
    path("teach/images/<int:generation_id>/review/", teacher.review, name="review"),
]

urlpatterns += urls_safety.urlpatterns
