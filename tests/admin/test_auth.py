from dashboard import auth

HASH = auth.hash_password("hemligt", iterations=1000)


def test_password_hash_verifies_only_the_right_password():
    assert auth.verify_password("hemligt", HASH)
    assert not auth.verify_password("Hemligt", HASH)
    assert not auth.verify_password("hemligt", "trasig")
    assert "hemligt" not in HASH


def test_default_is_read_only():
    assert auth.editing_mode({}) == "off"
    assert auth.role({}, {"is_logged_in": True, "email": "a@linkoping.se"}, unlocked=True) == "viewer"


def test_password_mode_needs_the_session_unlocked():
    secrets = {"editor_password_hash": HASH}
    assert auth.editing_mode(secrets) == "password"
    assert auth.role(secrets, {}, unlocked=False) == "viewer"
    assert auth.role(secrets, {}, unlocked=True) == "editor"


def test_oidc_mode_takes_editors_from_the_list_and_ignores_the_password():
    secrets = {"auth": {"client_id": "x"}, "editors": {"emails": ["Anna@Linkoping.se"]},
               "editor_password_hash": HASH}
    assert auth.editing_mode(secrets) == "oidc"
    assert auth.role(secrets, {"is_logged_in": True, "email": "anna@linkoping.se"}, False) == "editor"
    assert auth.role(secrets, {"is_logged_in": True, "email": "bo@linkoping.se"}, True) == "viewer"
    assert auth.role(secrets, {"is_logged_in": False, "email": "anna@linkoping.se"}, True) == "viewer"
