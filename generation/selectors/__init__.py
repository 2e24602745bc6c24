"""Read-only queries for pages and limits, one module per subject: listings, quota
counts and the safety log. Who may see which picture lives in generation/access.py.
"""

from generation.selectors.listings import (
    PICTURES_PER_PAGE,
    assignments_with_picture_numbers,
    class_generations_for_teacher,
    classes_with_waiting_counts,
    gallery_for,
    review_queue_for,
    student_generations,
)
from generation.selectors.quota import (
    Attempts,
    extra_pictures_for,
    images_used,
    picture_allowance,
    pictures_left,
    student_attempts_since,
)
from generation.selectors.safety_log import (
    ATTEMPT_LAYERS,
    SAFETY_STOPS,
    SUMMARY_DAYS,
    blocked_attempts_that_day,
    safety_log_for,
    safety_summary_for,
    school_wide_term_count,
    start_of_day,
)

__all__ = [
    "ATTEMPT_LAYERS",
    "PICTURES_PER_PAGE",
    "SAFETY_STOPS",
    "SUMMARY_DAYS",
    "Attempts",
    "assignments_with_picture_numbers",
    "blocked_attempts_that_day",
    "class_generations_for_teacher",
    "classes_with_waiting_counts",
    "gallery_for",
    "extra_pictures_for",
    "images_used",
    "picture_allowance",
    "pictures_left",
    "review_queue_for",
    "safety_log_for",
    "safety_summary_for",
    "school_wide_term_count",
    "student_attempts_since",
    "start_of_day",
    "student_generations",
]
