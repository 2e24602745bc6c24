"""Every message a student or teacher reads about a generation, in one place.

Students may be young children: be kind, be short, never echo blocked words.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# A message with a count is an ngettext_lazy whose number is the named parameter, so
# "1 picture" and "2 pictures" both read right (and Spanish gets its own plural forms).

PROMPT_EMPTY = _("Please write what you would like to see in your picture.")
PROMPT_TOO_LONG = _(
    "Your description is a little too long. Please keep it under %(limit)s characters."
)
OPTION_NOT_ALLOWED = _("That choice is not available for this assignment. Please pick another one.")
ASSIGNMENT_CLOSED = _("This assignment is closed, so no new pictures can be made for it.")
ASSIGNMENT_PAST_DUE = _("This assignment was due already, so no new pictures can be made for it.")
QUOTA_USED_UP = ngettext_lazy(
    "You have made your %(limit)s picture for this assignment. Great work! "
    "Ask your teacher if you need more.",
    "You have made all %(limit)s pictures for this assignment. Great work! "
    "Ask your teacher if you need more.",
    "limit",
)
QUOTA_NOT_ENOUGH = ngettext_lazy(
    "You can make only %(remaining)s more picture for this assignment. "
    "Please ask for %(remaining)s.",
    "You can make only %(remaining)s more pictures for this assignment. "
    "Please ask for %(remaining)s or fewer.",
    "remaining",
)
# The same idea in several styles (one picture per art style the student picks).
STYLES_HOW_MANY = _(
    "Please pick from %(least)s to %(most)s styles, so you can see your idea side by side."
)
STYLES_ONE_LEFT = _(
    "You have 1 picture left, and comparing styles needs at least 2. "
    "You can still make one picture without picking styles."
)
STYLES_NOT_ENOUGH_LEFT = ngettext_lazy(
    "You have %(remaining)s picture left; pick at most %(remaining)s style.",
    "You have %(remaining)s pictures left; pick at most %(remaining)s styles.",
    "remaining",
)
STYLE_NOT_AVAILABLE = _("One of those styles is not available any more. Please pick another one.")
STYLES_NOT_OFFERED = _(
    "This assignment does not offer styles to compare. Please make your picture without them."
)
# The per-student limits (SafetySettings); blocked and stopped attempts count too.
TOO_MANY_TRIES_THIS_MINUTE = _(
    "You are asking for pictures very quickly. Please wait a minute, then try again."
)
TOO_MANY_TRIES_TODAY = _(
    "You have asked for a lot of pictures today. Please take a rest and try again tomorrow."
)
# A prompt form whose one-time token is missing, forged or too old.
FORM_TOKEN_BAD = _("Sorry, something went wrong with this page. Please press the button again.")
ALREADY_ON_ITS_WAY = _("We already have that one. You can see it below.")
PROMPT_BLOCKED = _(
    "Your picture was not made because some words in your description are not allowed "
    "at school. Please try describing it in a different, friendly way."
)
QUEUED_FOR_DRAWING = _("Your picture is on its way. It will appear below when it is ready.")
# "Another version" of a picture (the same prompt and options again).
ANOTHER_VERSION_QUEUED = _(
    "Another version is on its way. Every picture comes out a little different!"
)
AGAIN_NOT_POSSIBLE = _(
    "This picture cannot be made again. Please change your description and try once more."
)

GENERATION_FAILED = _(
    "Sorry, we could not make your picture this time. It did not count against your "
    "pictures, so you can try again."
)
GENERATION_FILTERED = _(
    "The image service's safety filter stopped this picture. It did not count against "
    "your pictures. Please try describing it in a different way."
)
GENERATION_IMAGE_FILTERED = _(
    "A picture was made, but the image service's safety filter stopped it before anyone "
    "saw it. It did not count against your pictures. Please try a different description."
)
GENERATION_TIMED_OUT = _(
    "Sorry, making your picture took too long. It did not count against your pictures, "
    "so you can try again."
)

REVIEW_APPROVED = _("Picture approved. Classmates can now see it in the gallery.")
REVIEW_REJECTED = _("Picture not approved. The student will see your reason.")
REVIEW_REASON_NEEDED = _("Please write a short reason the student will see.")
REVIEW_NOT_PENDING = _("That picture has already been reviewed or is not ready yet.")

# The safety log and a class's own disallow list (teachers read these).
CLASS_TERM_EMPTY = _("Please write the word or phrase you want to block.")
CLASS_TERM_TOO_LONG = _(
    "That is a little long. Please keep it to %(limit_value)s characters or fewer."
)
TERM_BLOCKS_NOTHING = _(
    "This has no letter, digit or symbol, so it would block nothing: punctuation alone "
    "is never matched. Add a word, an emoji or a symbol such as $$$."
)
CLASS_TERM_ADDED = _("“%(term)s” is now blocked in this class.")
CLASS_TERM_ALREADY_THERE = _("“%(term)s” is already on this class's list.")
CLASS_TERM_REMOVED = _("“%(term)s” is no longer blocked in this class.")
CLASS_TERM_NOT_FOUND = _("That word is not on this class's list any more.")
KEEPS_TRYING_SUBJECT = _("Edu4All: a student in %(classroom)s keeps trying blocked words")

# Changing part of a picture (an edit).
EDIT_QUEUED = _("Your change is on its way. The new picture will appear below.")
EDIT_NOT_POSSIBLE = _(
    "You can change part of a picture once it has been drawn. Please pick another picture."
)
EDIT_NOT_OFFERED = _("Changing part of a picture is not switched on for this assignment.")
EDIT_PARENT_GONE = _(
    "The picture you wanted to change is not there any more, so nothing was changed. "
    "You can make a new picture instead."
)
EDIT_NOT_SUPPORTED_NOW = _(
    "The picture service can't change parts of pictures right now, so nothing was changed. "
    "Please ask your teacher."
)
# Turning a picture in (services/turn_in.py): a student picks their work and says why.
TURN_IN_DONE = _("You turned in your picture. Your teacher can see it and what you wrote.")
TURN_IN_TAKEN_BACK = _("You took your picture back. You can turn in another one.")
TURN_IN_GONE = _("That picture is not turned in any more.")
TURN_IN_NOT_YOURS = _("You can only turn in your own pictures.")
TURN_IN_NOT_DRAWN = _(
    "This picture is not finished, so it cannot be turned in. Please pick another one."
)
TURN_IN_REJECTED = _(
    "Your teacher did not approve this picture, so it cannot be turned in. Please pick another one."
)
TURN_IN_NEEDS_APPROVAL = _("Your teacher needs to approve it first. Then you can turn it in.")
TURN_IN_NOT_ASKED = _("This assignment does not ask you to turn in a picture.")
TURN_IN_CLOSED = _("This assignment is closed, so pictures cannot be turned in or taken back now.")
TURN_IN_LIMIT_REACHED = ngettext_lazy(
    "You have already turned in %(limit)s picture. Take it back first if you want to "
    "pick another one.",
    "You have already turned in %(limit)s pictures. Take one back first if you want to "
    "pick another one.",
    "limit",
)
TURN_IN_CAPTION_EMPTY = _("Please write a few words about why you chose this picture.")
TURN_IN_CAPTION_TOO_LONG = _(
    "What you wrote is a little long. Please keep it under %(limit)s characters."
)

# The class book and the ZIP of originals (generation/services/exports.py), for teachers.
EXPORT_NOTHING_YET = _(
    "There are no pictures to put in it yet. Approved or turned-in pictures will appear here."
)
EXPORT_FAILED = _(
    "Sorry, we could not make this file. Please try again; if it keeps happening, "
    "tell your school's Edu4All administrator."
)
EXPORT_TIMED_OUT = _("Sorry, this file took too long to make and was stopped. Please try again.")
