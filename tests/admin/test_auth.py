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


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def guard(checks: list | None = None) -> tuple[auth.PasswordGuard, Clock]:
    clock = Clock()

    def verify(password: str, stored: str) -> bool:
        if checks is not None:
            checks.append(password)
        return password == "rätt"

    return auth.PasswordGuard(clock=clock, verify=verify), clock


def test_three_wrong_passwords_then_the_session_must_wait_and_the_wait_doubles():
    checks: list = []
    g, clock = guard(checks)
    for _ in range(2):
        assert g.try_password("s1", "fel", HASH).message == "Fel lösenord."
    third = g.try_password("s1", "fel", HASH)
    assert not third.ok and third.wait == 1 and "vänta 1 sekunder" in third.message
    refused = g.try_password("s1", "rätt", HASH)  # not even checked while it waits
    assert not refused.ok and "För många felaktiga försök" in refused.message and checks == ["fel"] * 3
    clock.now += 1.5
    assert g.try_password("s1", "fel", HASH).wait == 2
    clock.now += 2.5
    assert g.try_password("s1", "fel", HASH).wait == 4
    clock.now += 5
    assert g.try_password("s1", "rätt", HASH).ok
    assert g.try_password("s1", "fel", HASH).message == "Fel lösenord."  # a success starts the count anew


def test_many_sessions_guessing_at_once_slow_down_every_session():
    g, clock = guard()
    for i in range(g.SERVER_LIMIT + 1):  # one wrong guess each from many sessions
        g.try_password(f"s{i}", "fel", HASH)
        clock.now += 0.5
    attempt = g.try_password("ny-session", "rätt", HASH)
    assert not attempt.ok and attempt.wait > 0 and "Vänta" in attempt.message
    clock.now += 61
    assert g.try_password("ny-session", "rätt", HASH).ok


def test_at_most_two_checks_run_at_once():
    import threading
    gate = threading.Event()
    started = threading.Semaphore(0)

    def slow(password: str, stored: str) -> bool:
        started.release()
        gate.wait(5)
        return False

    g = auth.PasswordGuard(verify=slow)
    results: list = []
    threads = [threading.Thread(target=lambda i=i: results.append(g.try_password(f"t{i}", "x", HASH)))
               for i in range(2)]
    for t in threads:
        t.start()
    started.acquire(timeout=5)
    started.acquire(timeout=5)
    third = g.try_password("t3", "x", HASH)
    gate.set()
    for t in threads:
        t.join()
    assert not third.ok and "upptagen" not in third.message and "redan andra inloggningsförsök" in third.message


def test_failures_are_logged(caplog):
    g, _ = guard()
    with caplog.at_level("WARNING", logger="indikatorpanelen.auth"):
        g.try_password("s1", "gissning-123", HASH)
    assert "Fel redaktörslösenord" in caplog.text and "gissning-123" not in caplog.text  # never the password
