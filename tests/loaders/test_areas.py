from loaders.areas import AreaMatcher


def matcher() -> AreaMatcher:
    return AreaMatcher([("Linköpings kommun", "0580"), ("Linköping", "0580"), ("Riket", "00"),
                        ("Hela landet", "00"), ("Skäggetorp", "0580-SKA"),
                        ("Tornby-Kallerstad", "0580-TKT"), ("Berga", "0580-BER")])


def test_spelling_variants_match_one_code():
    m = matcher()
    for name in ["Linköpings kommun", "linköping", "Linköpings", "LINKÖPING KOMMUN", " Linköping "]:
        assert m.match(name) == "0580", name
    assert m.match("Tornby–Kallerstad") == "0580-TKT"  # en dash
    assert m.match("Tornby - Kallerstad") == "0580-TKT"
    assert m.match("Hela landet") == "00"
    assert m.match("0580-BER") == "0580-BER"


def test_unknown_names_do_not_match_and_get_suggestions():
    m = matcher()
    assert m.match("Skäggetorpp") is None
    assert m.suggest("Skäggetorpp") == ["Skäggetorp"]
    message = m.unknown_message("Bergaa")
    assert "«Bergaa» finns inte" in message and "«Berga»" in message
