"""The offline script's texts, translated on the server and handed to the page as ``data-strings``.

Placeholders are ``{name}``, filled by the script (``t(key, {name: ...})`` in ``offline.js``).
"""

from __future__ import annotations

from app.i18n import N_, gettext

JS_STRINGS = {
    "badge": N_("{n} not sent"),
    "badge_none": N_("Offline mode"),
    "unreachable": N_("Server unreachable"),
    "server_error": N_("The server had a problem; it will be tried again"),
    "session_expired": N_("Session ended, please log in again"),
    "login_again": N_("Log in again"),
    "conflict_error": N_("The sheet was changed on the server meanwhile: choose which version to keep"),
    "refused": N_("The server refused it (code {status})"),
    "state_queued": N_("Waiting to be sent"),
    "state_sending": N_("Sending…"),
    "state_waiting": N_("Waiting for a signal"),
    "state_auth": N_("Waiting for login"),
    "state_conflict": N_("Choose a version"),
    "state_locked": N_("Locked"),
    "state_invalid": N_("Needs correction"),
    "state_forbidden": N_("Not allowed"),
    "state_error": N_("Refused"),
    "made_at": N_("Made on the tablet: {at}"),
    "retry": N_("Try again"),
    "discard": N_("Discard"),
    "discard_confirm": N_("Discard this sheet from the tablet? The server never received it."),
    "comparing": N_("Loading the server's version…"),
    "compare_needs_signal": N_("A signal is needed to show the server's version."),
    "indicator": N_("Indicator"),
    "server_version": N_("Version on the server (v{v})"),
    "your_version": N_("Your version"),
    "keep_server": N_("Keep the server's version (drop mine)"),
    "send_mine": N_("Send mine as a new edit"),
    "version_n": N_("version {v}"),
    "all_sent_at": N_("Everything has been sent. Last sync: {at}"),
    "not_prepared": N_("Not prepared on this tablet yet."),
    "preparing": N_("Preparing… keep this page open."),
    "prepared": N_("Ready: {sheets} score sheets and {officials} officials lists, prepared on {at}."),
    "prepared_failed": N_("{n} pages could not be stored: prepare again while the signal is good."),
    "prepare_failed": N_("Preparing failed:"),
    "unsupported": N_("This browser cannot store pages for offline use."),
    "nothing_to_export": N_("The queue is empty: there is nothing to back up."),
    "exported": N_("Backup file with {n} sheets downloaded. Keep it until the sheets are sent."),
}


def js_strings() -> dict[str, str]:
    """The texts in the current request's language."""
    return {key: gettext(text) for key, text in JS_STRINGS.items()}
