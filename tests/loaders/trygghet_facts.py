"""A new agency for the panel, given by its facts alone: Länsstyrelsen's made-up trygghetsenkät.

Nothing here finds a header, reads a cell or names a row: ``loaders.layout`` does that for
every agency. This module is what a developer writes for a new source (the test that reads
its files is tests/loaders/test_agency_facts.py).
"""

from loaders.layout import Facts

FACTS = Facts(
    kind="trygghetsenkat",
    label="Trygghetsenkäten (Länsstyrelsen Östergötland)",
    source="Länsstyrelsen Östergötland, trygghetsenkäten",
    tells=("trygghetsenkät", "trygghetsenkat"),  # in a title, or a file name without å, ä, ö
    area=("bostadsområde", "område"),
    content=("fråga",),
    indicators={"Känner sig otrygg utomhus kvällstid": "otrygghet_andel",
                "Deltar i organiserad fritidsaktivitet": "fritidsaktivitet_andel"},
    sex_values={"Båda könen": "totalt", "Flickor": "kvinnor", "Pojkar": "män"},
    dash_means_zero=True,  # the enkät writes «-» where nobody answered yes
)
