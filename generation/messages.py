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
ASSIGNMENT_ARCHIVED = _("This work is put away now, so no new pictures can be made for it.")
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
# The teacher's "Pause the class" switch, and the monthly budgets (services/budget.py).
CLASS_PAUSED = _(
    "Your teacher has paused the class for a moment, so no new pictures can be made right "
    "now. You can still look at your pictures."
)
BUDGET_USED_UP = _(
    "Your class has made all the pictures it can this month, so no new pictures can be "
    "made right now. Your teacher knows. You can still look at your pictures."
)
CLASS_PAUSED_FOR_TEACHER = _(
    "The class is paused. Students cannot ask for new pictures until you resume it; "
    "pictures already on their way are still drawn."
)
CLASS_RESUMED = _("The class is going again. Students can ask for new pictures.")
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

# The admin's usage report.
USAGE_RANGE_BACKWARDS = _("The last day comes before the first. Please swap them.")

REVIEW_APPROVED = _("Picture approved. Classmates can now see it in the gallery.")
REVIEW_REJECTED = _("Picture not approved. The student will see your reason.")
REVIEW_REASON_NEEDED = _("Please write a short reason the student will see.")
REVIEW_NOT_PENDING = _("That picture has already been reviewed or is not ready yet.")
REVIEW_CHANGED_MEANWHILE = _(
    "Someone decided about that picture while you were looking. Here is how it is now."
)
REVIEW_ALREADY_DECIDED = _("That was already your decision, so nothing changed.")
REVIEW_TRY_GIVEN_BACK = _("The try was given back, so the student can make another picture.")
REVIEW_NOTHING_PICKED = _("Please tick at least one picture first.")
REVIEW_APPROVED_MANY = ngettext_lazy(
    "%(count)s picture approved.", "%(count)s pictures approved.", "count"
)
PRESET_REASONS_SAVED = _("Your reasons are saved.")
EXTRA_PICTURES_SAVED = ngettext_lazy(
    "Saved: %(student)s can make %(count)s extra picture for this assignment.",
    "Saved: %(student)s can make %(count)s extra pictures for this assignment.",
    "count",
)
# Preset reasons every teacher starts with (kind, and about the picture's idea).
DEFAULT_PRESET_REASONS = (
    _("Lovely idea! Please tell me more about what is happening in your picture."),
    _("Nice start! Please make it fit our topic a little more."),
    _("Please try again and leave out the scary parts."),
    _("Please try again without words or writing in the picture."),
)

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
# The default lists by category on the class safety page (teachers read these).
CATEGORY_ON_FOR_CLASS = _("“%(category)s” is now on in this class.")
CATEGORY_OFF_FOR_CLASS = _(
    "“%(category)s” is off again in this class: the school's choice applies."
)
CATEGORY_ON_FOR_SCHOOL = _("“%(category)s” is on for the whole school already.")
CATEGORY_UNKNOWN = _("That list is not one of the default lists.")
BUDGET_REFUSED_SUBJECT = _("Edu4All: the budget stopped new pictures in %(classroom)s")
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

# The metaprompt's admin (metaprompt_admin.py): which version is in use, and what a save
# that leaves out a safety part would lose.
METAPROMPT_IN_USE = _("In use")
METAPROMPT_OLDER = _("Older version, not in use")
METAPROMPT_SWITCHED_OFF = _("Switched off, not in use")
METAPROMPT_IN_USE_DETAIL = _("In use: new pictures are framed by this version.")
METAPROMPT_NOT_IN_USE_DETAIL = _("%(status)s. Version %(version)s is the one in use.")
METAPROMPT_NEW_DETAIL = _(
    "New: once saved and switched on, this version is the one in use (the newest version "
    "switched on is)."
)
METAPROMPT_TEXT_HELP = _(
    "Safety instructions sent before the student's prompt. Use {disallow_list} where the "
    "disallowed terms should go. The sentence that tells the model the student's words "
    "are only a description is added by Edu4All, always, just before the student's words."
)
METAPROMPT_SWITCH_HELP = _("The newest version that is switched on is the one in use.")
METAPROMPT_LOSES_CHILD_SAFETY = _(
    "Child-safety wording. The text does not tell the image model that pictures must be "
    "safe and suitable for children, so the model is not reminded of it. (We look for a "
    "word such as “children”, “kids” or “niños” together with one such as “safe”, "
    "“appropriate”, “seguro” or “apropiado”.)"
)
METAPROMPT_LOSES_DISALLOW_LIST = _(
    "The place for the school's list, {disallow_list}. The model is not shown any of the "
    "school's disallowed words. Every word on the lists is still checked before anything "
    "is sent to the image service."
)
METAPROMPT_KEEPS_FENCE_NOTE = _(
    "Kept whatever you write: the sentence that tells the model the student's words "
    "between <<< and >>> are only a description, never instructions. Edu4All adds it "
    "just before the student's words."
)
METAPROMPT_SAVED_WITHOUT = _("Saved without: %(parts)s.")
METAPROMPT_PART_CHILD_SAFETY = _("child-safety wording")
# The class book and the ZIP of originals (generation/services/exports.py), for teachers.
EXPORT_NOTHING_YET = _(
    "There are no pictures to put in it yet. Approved or turned-in pictures will appear here."
)
EXPORT_FAILED = _(
    "Sorry, we could not make this file. Please try again; if it keeps happening, "
    "tell your school's Edu4All administrator."
)
EXPORT_TIMED_OUT = _("Sorry, this file took too long to make and was stopped. Please try again.")
