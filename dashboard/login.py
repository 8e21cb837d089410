"""The sign-in page, signing out, and the pages that say why a request was refused."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from dashboard import auth, wiring
from data import clock
from data.domain import Role
from data.people import access, rotation
from data.people import sign_in as checks
from layouts.text import language, t

STATIC_PATH = "/sign-in/static"

blueprint = Blueprint("sign_in", __name__, template_folder="templates", static_folder="static",
                      static_url_path=STATIC_PATH)


def init_app(server: Flask) -> None:
    """Serve /login and /logout."""
    server.register_blueprint(blueprint)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: sign-in never sends anyone away."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None  # browsers read "/\evil" as "//evil"
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


HOMES = {Role.DISPLAY: "/wall", Role.DEPARTMENT: "/desk", Role.LEADER: "/",
         Role.DUTY: "/duty", Role.ADMIN: "/admin"}


def home(role: Role) -> str:
    """Where a principal lands after signing in without a `next`: the page of its role."""
    return HOMES[Role(role)]


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Show the sign-in form, or check it and send the user where they were going."""
    lang = language(request.values.get("lang"))
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        return _page("login.html", lang, target=target)
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        user = checks.sign_in(wiring.current().sessions, username, password, clock.now(),
                              client=request.remote_addr or "")
    except checks.SignInRefused as refused:
        status = 429 if isinstance(refused, checks.MustWait) else 401
        return _page("login.html", lang, target=target, username=username,
                     errors=_refusal(refused, lang)), status
    principal = auth.user_principal(user)
    auth.sign_in(principal)
    return redirect(target or home(principal.role))


@blueprint.route("/logout", methods=["GET", "POST"])
def logout() -> ResponseReturnValue:
    """Ask before signing out (a link cannot carry a CSRF token); sign out on the form's POST."""
    lang = language(request.values.get("lang"))
    if request.method == "POST":
        auth.sign_out()
        response = redirect(url_for("sign_in.login", **({"lang": lang} if lang != "zh" else {})))
        response.delete_cookie(auth.CSRF_COOKIE)
        return response
    principal = auth.session_principal()
    if principal is None:
        return redirect(url_for("sign_in.login"))
    return _page("logout.html", lang, principal=principal)


def forbidden(principal: auth.Principal, need: access.Need, lang: str | None) -> str:
    """The 403 page: who is signed in, and the role the page needs."""
    lang = language(lang)
    return _page("refused.html", lang, title=t("forbidden_title", lang),
                 message=t("forbidden_body", lang).format(
                     name=principal.name, role=t(f"role_{principal.role}", lang),
                     need=" / ".join(t(f"role_{role}", lang)
                                     for role in access.least_roles(need))),
                 switch=_login_href(_without_token(), lang),
                 back=home(principal.role))


def street_only(principal: auth.Principal, lang: str | None) -> str:
    """The 403 page for a street's wall token asking for another page or wall."""
    lang = language(lang)
    return _page("refused.html", lang, title=t("forbidden_title", lang),
                 message=t("wall_street_only", lang).format(name=principal.name,
                                                            street=principal.street),
                 switch=_login_href(_without_token(), lang),
                 back=street_wall(principal.street or ""))


def no_street(code: str, lang: str | None) -> str:
    """The 404 page for the wall of a street the store does not hold."""
    lang = language(lang)
    return _page("refused.html", lang, title=t("wall_no_street_title", lang),
                 message=t("wall_no_street", lang).format(street=code),
                 switch=_login_href(_without_token(), lang), back=None)


def rotation_only(principal: auth.Principal, street: str | None, lang: str | None) -> str:
    """The 403 page for a rotating wall's token asking for a view it does not list."""
    lang = language(lang)
    return _page("refused.html", lang, title=t("forbidden_title", lang),
                 message=t("wall_rotation_only", lang).format(
                     name=principal.name, views=", ".join(principal.views or ()),
                     street=street or rotation.DISTRICT),
                 switch=_login_href(_without_token(), lang), back="/wall")


def rotate_bad(lang: str | None) -> str:
    """The 400 page for a wall address whose `rotate` is not an interval it may take."""
    lang = language(lang)
    return _page("refused.html", lang, title=t("wall_rotate_bad_title", lang),
                 message=t("wall_rotate_bad", lang).format(shortest=rotation.SHORTEST,
                                                          longest=rotation.LONGEST),
                 switch=_login_href(_without_token(), lang), back="/wall")


def street_wall(street: str) -> str:
    """The address of a street's wall."""
    return f"/wall?{urlencode({'street': street})}"


def token_refused(lang: str | None, reason: str) -> str:
    """The page for a wall address whose token does not open it."""
    lang = language(lang)
    title = "token_revoked_title" if reason == "token_revoked" else "token_refused_title"
    return _page("refused.html", lang, title=t(title, lang),
                 message=t(reason, lang), switch=_login_href(None, lang), back=None)


def waiting(lang: str | None, seconds: int) -> str:
    """The page shown while the store cannot be read; it asks again every `seconds`."""
    lang = language(lang)
    return _page("waiting.html", lang, title=t("store_waiting_title", lang),
                 message=t("store_waiting", lang), seconds=seconds)


def expired(lang: str | None) -> str:
    """The sign-in form again, when its CSRF token has expired or is missing."""
    lang = language(lang)
    return _page("login.html", lang, target=safe_next(request.values.get("next")),
                 errors=[t("signin_expired", lang)])


def _refusal(refused: checks.SignInRefused, lang: str) -> list[str]:
    errors = [] if isinstance(refused, checks.MustWait) else [t("signin_wrong", lang)]
    if refused.retry_at is not None:
        zone = ZoneInfo(wiring.current().zone)
        seconds = max(1, round((refused.retry_at - clock.now()).total_seconds()))
        errors.append(t("signin_wait", lang).format(
            time=refused.retry_at.astimezone(zone).strftime("%H:%M:%S"), seconds=seconds))
    return errors


def _without_token() -> str:
    # Signing in as someone else must not be undone by the wall's token in the address.
    query = urlencode([(key, value) for key, value in request.args.items(multi=True)
                       if key != "token"])
    return request.path + (f"?{query}" if query else "")


def _login_href(target: str | None, lang: str) -> str:
    query = {**({"next": target} if target else {}), **({"lang": lang} if lang != "zh" else {})}
    return "/login" + (f"?{urlencode(query)}" if query else "")


def _page(template: str, lang: str, **values: object) -> str:
    other = "en" if lang == "zh" else "zh"
    query = {key: value for key, value in request.args.items() if key != "lang"}
    if values.get("target"):
        query["next"] = values["target"]  # a refused form keeps where it was going
    return render_template(template, lang=lang, html_lang="zh-CN" if lang == "zh" else "en",
                           t=lambda key: t(key, lang), other_lang=t("language", lang),
                           other_href="?" + urlencode({**query, "lang": other}),
                           static=STATIC_PATH, **values)
