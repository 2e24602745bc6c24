"""Messages about accounts, classes and assignments, reviewed in one place."""

from django.utils.translation import gettext_lazy as _

JOIN_CODE_WRONG = _(
    "We could not find a class with that code. Please check it with your teacher and try again."
)
JOINED_CLASS = _("Welcome to %(name)s!")
ALREADY_IN_CLASS = _("You are already in %(name)s.")
INVITE_CODE_WRONG = _("That invite code is not valid. Please ask your school admin for one.")
USERNAME_TAKEN = _("That username is already taken. Please choose another one.")
USERNAME_TAKEN_FOR_TEACHER = _(
    "That username is already taken. Choose another one, or ask the student to join "
    "with the class code if they already have an account."
)
CLASS_CREATED = _("Your class %(name)s is ready. Share the join code with your students.")
JOIN_CODE_ROTATED = _("New join code: %(code)s. The old one no longer works.")
ASSIGNMENT_SAVED = _("Assignment saved.")
TURN_IN_LIMIT_OUT_OF_RANGE = _(
    "Please choose a number from %(first)s to %(last)s. 0 means students do not turn pictures in."
)
DUE_DATE_OUT_OF_RANGE = _("Please choose a due date between the years %(first)s and %(last)s.")
ASSIGNMENT_CLOSED = _("Assignment closed. Students can still see their pictures.")
ASSIGNMENT_REOPENED = _("Assignment reopened.")
TEACHER_WELCOME = _("Welcome to Edu4All! Start by creating your first class.")
PASSWORD_CARD_ADDED = _("%(username)s is in the class now. Give them this card.")
PASSWORD_CARD_RESET = _("%(username)s has a new password. Give them this card.")
# The sign-in and join-code limits (django-axes and django-ratelimit).
TOO_MANY_TRIES = _("Too many tries. Ask your teacher, or wait %(minutes)s minutes.")
SIGN_IN_UNLOCKED = _("%(username)s can sign in again.")
# Password rules, in words a child understands.
PASSWORD_TOO_SHORT = _(
    "Your password is too short. Use at least %(min_length)s letters, numbers or dashes."
)
PASSWORD_TOO_SIMILAR = _("Your password is too much like your name. Please choose another one.")
PASSWORD_TOO_COMMON = _(
    "Lots of people use that password, so it is easy to guess. Please choose another one."
)
PASSWORD_ALL_NUMBERS = _("Your password cannot be only numbers. Try adding some words.")
PASSWORD_HELP_LENGTH = _("Use at least %(min_length)s letters, numbers or dashes.")
PASSWORD_HELP_SIMILAR = _("Do not use your name.")
PASSWORD_HELP_COMMON = _("Do not use a password lots of people use.")
PASSWORD_HELP_NUMBERS = _("Do not use only numbers.")
# Assignment guardrails (issue 14).
DUE_DATE_IN_PAST = _("That due date has already passed. Please choose a day that is still to come.")
OPTION_GROUP_EMPTY = _("Please tick at least one, so students have something to choose.")
IMAGE_LIMIT_TOO_HIGH = _("The school allows at most %(most)s pictures per student.")
# The roster: many students at once, removing one, co-teachers, archive.
ROSTER_EMPTY = _("The list is empty. Please write one name on each line.")
ROSTER_TOO_LONG = _("Please add at most %(most)s students at a time.")
ROSTER_LINE = _("Line %(line)s: %(problem)s")
ROSTER_LINE_NO_NAME = _("a name is missing.")
ROSTER_LINE_NAME_TOO_LONG = _("the name is longer than %(most)s letters.")
ROSTER_LINE_USERNAME_BAD = _(
    "the username %(username)s can only have letters, numbers and @ . + - _ (no spaces)."
)
ROSTER_LINE_USERNAME_TAKEN = _("the username %(username)s is already taken.")
ROSTER_NOTHING_SAVED = _("Nobody was added. Please fix these lines and try again:")
ROSTER_CSV_UNREADABLE = _(
    "We could not read that file. Please save it as CSV (UTF-8) and try again."
)
ROSTER_ADDED = _("%(count)s students are in the class now. Print their login cards below.")
STUDENT_REMOVED = _("%(name)s is no longer in this class. Their pictures stay here for you to see.")
CO_TEACHER_NOT_FOUND = _("We could not find a teacher with that username at this school.")
CO_TEACHER_ALREADY = _("%(name)s already teaches this class.")
CO_TEACHER_ADDED = _("%(name)s teaches this class with you now.")
CO_TEACHER_REMOVED = _("%(name)s no longer teaches this class.")
CO_TEACHER_LAST = _("A class needs at least one teacher.")
CLASS_ARCHIVED = _("Class archived. You can find it under Archived classes and restore it.")
CLASS_RESTORED = _("Class restored.")
ASSIGNMENT_ARCHIVED = _("Assignment archived. It is read-only now.")
ASSIGNMENT_RESTORED = _("Assignment restored.")
ARCHIVED_READ_ONLY = _("This is archived, so it cannot be changed. Restore it first.")
