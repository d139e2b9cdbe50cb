"""Démarches-simplifiées exports read into drafts: headers found by name, every bad row reported
at once with its line, and nothing but ``InvalidInput`` for a bad file.

The files are built here in the platform's shape (the fixed columns of
``app/models/concerns/dossier_export_concern.rb``, then one column per champ); every person is
fictional.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from graph.dossier_exports import MAX_ROWS, read_export
from graph.dossiers import ExportColumns, load_mapping
from graph.errors import InvalidInput, Problem
from graph.incoming import IncomingDraft

SEED = Path(__file__).resolve().parents[2] / "seed_data"

FIXED = [
    "ID",
    "Email",
    "FranceConnect ?",
    "Civilité",
    "Nom",
    "Prénom",
    "Dépôt pour un tiers",
    "Nom du mandataire",
    "Prénom du mandataire",
    "Archivé",
    "État du dossier",
    "Dernière mise à jour le",
    "Dernière mise à jour du dossier le",
    "Déposé le",
    "Passé en instruction le",
    "Traité le",
    "Motivation de la décision",
    "Instructeurs",
]
CHAMPS = ["Titre du projet", "Décrivez votre projet", "Votre administration", "Département"]
HEADER = FIXED + CHAMPS

COLUMNS = ExportColumns(
    title="Titre du projet",
    description="Décrivez votre projet",
    submitter_name=("Prénom", "Nom"),
    organisation="Votre administration",
    territory="Département",
)

Cell = str | int | float | datetime | None


def dossier(number: Cell = "1001", **champs: Cell) -> dict[str, Cell]:
    """One fictional dossier as the platform exports it; ``champs`` override cells by header."""
    row: dict[str, Cell] = {
        "ID": number,
        "Email": "camille.fictive@exemple.fr",
        "FranceConnect ?": "false",
        "Civilité": "Mme",
        "Nom": "Fictive",
        "Prénom": "Camille",
        "Dépôt pour un tiers": "false",
        "Archivé": "false",
        "État du dossier": "En construction",
        "Dernière mise à jour le": "2024-03-06 10:00:00 +0100",
        "Déposé le": "2024-03-05 14:03:22 +0100",
        "Titre du projet": "Un tiers-lieu à la médiathèque",
        "Décrivez votre projet": "Ouvrir la médiathèque le soir aux associations.",
        "Votre administration": "Mairie de Villefictive",
        "Département": "27 - Eure",
    }
    row.update(champs)
    return row


def table(rows: Sequence[Mapping[str, Cell]], header: Sequence[str] = HEADER) -> list[list[Cell]]:
    return [list(header), *([row.get(h) for h in header] for row in rows)]


def csv_bytes(
    rows: Sequence[Mapping[str, Cell]],
    header: Sequence[str] = HEADER,
    *,
    delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for line in table(rows, header):
        writer.writerow(["" if cell is None else cell for cell in line])
    return (codecs.BOM_UTF8 if bom else b"") + out.getvalue().encode("utf-8")


def xlsx_bytes(sheets: Mapping[str, list[list[Cell]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, lines in sheets.items():
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(data: bytes, filename: str, columns: ExportColumns = COLUMNS) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        read_export(data, filename, columns)
    return caught.value.problems


# --- reading ---------------------------------------------------------------------------------


def test_a_csv_dossier_becomes_a_draft_with_every_field() -> None:
    data = csv_bytes([dossier("1001", **{"État du dossier": "En instruction"})])

    assert read_export(data, "export.csv", COLUMNS) == [
        IncomingDraft(
            channel="demarches_simplifiees",
            external_ref="1001",
            title="Un tiers-lieu à la médiathèque",
            text="Ouvrir la médiathèque le soir aux associations.",
            source="export.csv, ligne 2",
            submitter_email="camille.fictive@exemple.fr",
            submitter_name="Camille Fictive",
            organisation="Mairie de Villefictive",
            territory="27 - Eure",
            drafted_on=date(2024, 3, 5),
            state="en_instruction",
        )
    ]


def test_columns_in_any_order_with_extra_columns_read_the_same() -> None:
    rows = [dossier("1001"), dossier("1002", **{"Titre du projet": "Données ouvertes"})]
    shuffled = [*reversed(HEADER), "Commentaire interne", "Avez-vous déjà échangé avec le lab ?"]
    extra = [{**row, "Commentaire interne": "à rappeler"} for row in rows]

    in_order = read_export(csv_bytes(rows), "export.csv", COLUMNS)
    reordered = read_export(csv_bytes(extra, shuffled), "export.csv", COLUMNS)

    assert reordered == in_order
    assert [d.title for d in reordered] == ["Un tiers-lieu à la médiathèque", "Données ouvertes"]


def test_headers_match_whatever_their_case_and_surrounding_spaces() -> None:
    retyped = {
        "ID": " id ",
        "Email": "EMAIL",
        "État du dossier": "état DU dossier",
        "Déposé le": "\u00a0Déposé le\u00a0",
        "Titre du projet": "  TITRE DU PROJET",
        "Décrivez votre projet": "décrivez\u00a0votre projet ",
        "Prénom": "prénom",
    }
    header = [retyped.get(h, h) for h in HEADER]
    row = dossier("1001", **{"État du dossier": "Accepté"})
    data = csv_bytes([{retyped.get(h, h): v for h, v in row.items()}], header)

    (draft,) = read_export(data, "export.csv", COLUMNS)

    assert (draft.external_ref, draft.title, draft.submitter_email) == (
        "1001",
        "Un tiers-lieu à la médiathèque",
        "camille.fictive@exemple.fr",
    )
    assert (draft.state, draft.drafted_on, draft.submitter_name) == (
        "accepte",
        date(2024, 3, 5),
        "Camille Fictive",
    )


def test_csv_with_a_byte_order_mark_and_semicolons() -> None:
    row = dossier("1001", **{"Décrivez votre projet": "Un lieu, des associations, des agents."})
    data = csv_bytes([row], delimiter=";", bom=True)
    assert data.startswith(codecs.BOM_UTF8) and b";" in data.split(b"\r\n")[0]

    (draft,) = read_export(data, "export.csv", COLUMNS)

    assert draft.external_ref == "1001"
    assert draft.text == "Un lieu, des associations, des agents."
    assert draft.submitter_email == "camille.fictive@exemple.fr"


def test_a_comma_separated_header_with_a_semicolon_in_a_label_stays_comma_separated() -> None:
    columns = COLUMNS.model_copy(update={"title": "Titre ; court"})
    header = [*FIXED, "Titre ; court", *CHAMPS[1:]]
    data = csv_bytes([dossier("1001", **{"Titre ; court": "Cantine"})], header)

    (draft,) = read_export(data, "export.csv", columns)

    assert draft.title == "Cantine"


def test_xlsx_with_number_and_datetime_cells() -> None:
    cells: dict[str, Cell] = {"Déposé le": datetime(2024, 3, 5, 14, 3, 22), "État du dossier": "Refusé"}
    row = dossier(1001, **cells)
    data = xlsx_bytes(
        {"Dossiers": table([row]), "Etablissements": [["Dossier ID"]], "Avis": [["Dossier ID"]]}
    )

    (draft,) = read_export(data, "export.xlsx", COLUMNS)

    assert draft.external_ref == "1001"
    assert draft.drafted_on == date(2024, 3, 5)
    assert draft.state == "refuse"
    assert draft.source == "export.xlsx, ligne 2"
    assert draft.submitter_name == "Camille Fictive"


def test_xlsx_reads_the_dossiers_sheet_wherever_it_is() -> None:
    avis: list[list[Cell]] = [["Dossier ID", "Introduction"], [9999, "Un avis"]]
    data = xlsx_bytes({"Avis": avis, "Dossiers": table([dossier(1001)])})

    assert [d.external_ref for d in read_export(data, "export.xlsx", COLUMNS)] == ["1001"]


def test_xlsx_and_csv_of_the_same_dossiers_give_the_same_drafts() -> None:
    rows = [dossier("1001"), dossier("1002", **{"État du dossier": "Classé sans suite"})]
    from_csv = read_export(csv_bytes(rows), "export.csv", COLUMNS)
    from_xlsx = read_export(xlsx_bytes({"Dossiers": table(rows)}), "export.xlsx", COLUMNS)

    assert [d.source for d in from_xlsx] == ["export.xlsx, ligne 2", "export.xlsx, ligne 3"]
    assert [{**vars(d), "source": ""} for d in from_xlsx] == [{**vars(d), "source": ""} for d in from_csv]


@pytest.mark.parametrize(
    ("label", "state"),
    [
        ("En construction", "en_construction"),
        ("En instruction", "en_instruction"),
        ("Accepté", "accepte"),
        ("Refusé", "refuse"),
        ("Classé sans suite", "sans_suite"),
        ("Sans suite", "sans_suite"),
        ("ACCEPTÉ", "accepte"),
        (" en\u00a0instruction ", "en_instruction"),
        ("accepte", "accepte"),
        ("sans_suite", "sans_suite"),
        ("", None),
    ],
)
def test_state_labels_map_to_state_ids(label: str, state: str | None) -> None:
    data = csv_bytes([dossier("1001", **{"État du dossier": label})])

    assert read_export(data, "export.csv", COLUMNS)[0].state == state


def test_without_state_or_deposit_columns_drafts_have_neither() -> None:
    header = [h for h in HEADER if h not in ("État du dossier", "Déposé le")]

    (draft,) = read_export(csv_bytes([dossier("1001")], header), "export.csv", COLUMNS)

    assert (draft.state, draft.drafted_on) == (None, None)


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2024-03-05 14:03:22 +0100", date(2024, 3, 5)),
        ("2024-03-05T14:03:22+01:00", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("05/03/2024 14:03", date(2024, 3, 5)),
        ("2024-02-30", None),
        ("mardi dernier", None),
        ("", None),
    ],
)
def test_deposit_day_read_from_the_platform_and_spreadsheet_formats(cell: str, day: date | None) -> None:
    data = csv_bytes([dossier("1001", **{"Déposé le": cell})])

    assert read_export(data, "export.csv", COLUMNS)[0].drafted_on == day


def test_submitter_name_joins_only_the_filled_parts() -> None:
    data = csv_bytes([dossier("1001", Prénom=""), dossier("1002", Prénom="", Nom="")])

    drafts = read_export(data, "export.csv", COLUMNS)

    assert [d.submitter_name for d in drafts] == ["Fictive", None]


def test_optional_fields_left_empty_are_none() -> None:
    row = dossier("1001", Email="", **{"Votre administration": " ", "Département": ""})

    (draft,) = read_export(csv_bytes([row]), "export.csv", COLUMNS)

    assert (draft.submitter_email, draft.organisation, draft.territory) == (None, None, None)


def test_html_stays_plain_text_nul_is_stripped_and_the_title_is_capped() -> None:
    script = "<script>alert('x')</script><b>gras</b>"
    row = dossier("1001", **{"Titre du projet": "A" * 400, "Décrivez votre projet": f"{script}\x00fin"})

    (draft,) = read_export(csv_bytes([row]), "export.csv", COLUMNS)

    assert draft.text == f"{script}fin"
    assert draft.title == "A" * 300


def test_a_cell_on_several_lines_is_one_row_as_a_spreadsheet_shows_it() -> None:
    rows = [
        dossier("1001", **{"Décrivez votre projet": "Premier paragraphe.\r\n\r\nSecond paragraphe."}),
        dossier("1002"),
    ]

    drafts = read_export(csv_bytes(rows), "export.csv", COLUMNS)

    assert drafts[0].text == "Premier paragraphe.\n\nSecond paragraphe."
    assert [d.source for d in drafts] == ["export.csv, ligne 2", "export.csv, ligne 3"]


def test_empty_rows_are_skipped_but_still_counted_as_lines() -> None:
    blank: dict[str, Cell] = {}
    data = csv_bytes([dossier("1001"), blank, dossier("1002")])

    drafts = read_export(data, "export.csv", COLUMNS)

    assert [(d.external_ref, d.source) for d in drafts] == [
        ("1001", "export.csv, ligne 2"),
        ("1002", "export.csv, ligne 4"),
    ]


def test_a_file_holding_only_its_header_gives_no_draft() -> None:
    assert read_export(csv_bytes([]), "export.csv", COLUMNS) == []
    assert read_export(xlsx_bytes({"Dossiers": table([])}), "export.xlsx", COLUMNS) == []


def test_the_same_export_read_twice_gives_equal_drafts() -> None:
    rows = [dossier(str(1000 + i), **{"Titre du projet": f"Projet {i}"}) for i in range(30)]
    csv_data, xlsx_data = csv_bytes(rows), xlsx_bytes({"Dossiers": table(rows)})

    first = read_export(csv_data, "export.csv", COLUMNS)

    assert read_export(csv_data, "export.csv", COLUMNS) == first
    assert read_export(xlsx_data, "export.xlsx", COLUMNS) == read_export(xlsx_data, "export.xlsx", COLUMNS)
    assert [d.external_ref for d in first] == [str(1000 + i) for i in range(30)]


# --- bad rows --------------------------------------------------------------------------------


def test_every_bad_row_is_reported_at_once_with_its_line_and_column() -> None:
    rows = [
        dossier("1001"),
        dossier(""),
        dossier("1003", **{"Titre du projet": "  "}),
        dossier("1004", **{"Décrivez votre projet": ""}),
        dossier("12a"),
    ]

    problems = problems_of(csv_bytes(rows), "export.csv")

    assert [(p.file, p.line, p.field) for p in problems] == [
        ("export.csv", 3, "external_ref"),
        ("export.csv", 4, "title"),
        ("export.csv", 5, "description"),
        ("export.csv", 6, "external_ref"),
    ]
    assert "'ID' is empty" in problems[0].message
    assert "'Titre du projet' is empty" in problems[1].message
    assert problems[1].record == "dossier 1003"
    assert "'Décrivez votre projet'" in problems[2].message
    assert "'12a'" in problems[3].message


def test_bad_rows_in_xlsx_carry_the_sheet_row_number() -> None:
    rows = [dossier(1001), {}, dossier(None), dossier(1004, **{"Titre du projet": None})]

    problems = problems_of(xlsx_bytes({"Dossiers": table(rows)}), "export.xlsx")

    assert [(p.line, p.field) for p in problems] == [(4, "external_ref"), (5, "title")]


def test_an_unknown_state_is_a_problem_naming_row_and_column() -> None:
    data = csv_bytes([dossier("1001"), dossier("1002", **{"État du dossier": "Brouillon"})])

    (problem,) = problems_of(data, "export.csv")

    assert (problem.file, problem.line, problem.field, problem.record) == (
        "export.csv",
        3,
        "state",
        "dossier 1002",
    )
    assert "'État du dossier'" in problem.message and "'Brouillon'" in problem.message


def test_the_same_dossier_twice_is_a_problem() -> None:
    (problem,) = problems_of(csv_bytes([dossier("1001"), dossier("1001")]), "export.csv")

    assert (problem.line, problem.field) == (3, "external_ref")
    assert "line 2" in problem.message


# --- bad headers -----------------------------------------------------------------------------


def test_a_missing_mapped_column_names_the_file_and_the_column() -> None:
    header = [h for h in HEADER if h not in ("Département", "Nom")]

    problems = problems_of(csv_bytes([dossier("1001")], header), "export.csv")

    assert [(p.file, p.line, p.field) for p in problems] == [
        ("export.csv", 1, "submitter_name"),
        ("export.csv", 1, "territory"),
    ]
    assert "'Nom'" in problems[0].message and "'Département'" in problems[1].message


def test_a_missing_id_column_is_reported() -> None:
    header = [h for h in HEADER if h != "ID"]

    (problem,) = problems_of(csv_bytes([dossier("1001")], header), "export.csv")

    assert (problem.file, problem.field) == ("export.csv", "external_ref")
    assert "'ID'" in problem.message


def test_an_unmapped_optional_column_is_not_required() -> None:
    columns = ExportColumns(title="Titre du projet", description="Décrivez votre projet")
    header = [h for h in HEADER if h not in ("Département", "Votre administration", "Nom", "Prénom")]

    (draft,) = read_export(csv_bytes([dossier("1001")], header), "export.csv", columns)

    assert (draft.territory, draft.organisation, draft.submitter_name) == (None, None, None)


def test_a_repeated_header_that_the_mapping_uses_is_refused() -> None:
    header = [*HEADER, " titre du projet "]

    (problem,) = problems_of(csv_bytes([dossier("1001")], header), "export.csv")

    assert (problem.field, problem.line) == ("title", 1)
    assert "2 columns" in problem.message and "'Titre du projet'" in problem.message


def test_a_repeated_header_that_the_mapping_does_not_use_is_ignored() -> None:
    header = [*HEADER, "Commentaire", "Commentaire"]

    assert len(read_export(csv_bytes([dossier("1001")], header), "export.csv", COLUMNS)) == 1


# --- bad files -------------------------------------------------------------------------------


def test_a_csv_that_is_not_utf8_names_the_file_and_the_line() -> None:
    good = csv_bytes([dossier("1001"), dossier("1002")])
    data = good + b"1003,\xff\xfe\xe9t\xe9@exemple.fr\r\n"

    (problem,) = problems_of(data, "export.csv")

    assert (problem.file, problem.line, problem.field) == ("export.csv", 4, "file")
    assert "UTF-8" in problem.message


def test_a_utf16_csv_is_refused_at_its_first_line() -> None:
    data = "\ufeffID,Email\r\n1001,camille.fictive@exemple.fr\r\n".encode("utf-16-le")
    assert data.startswith(b"\xff\xfe")

    (problem,) = problems_of(data, "export.csv")

    assert (problem.file, problem.line) == ("export.csv", 1)


@pytest.mark.parametrize("kept", [0.5, 0.1, 0.9, 0.99])
def test_a_truncated_xlsx_is_invalid_input_naming_the_file(kept: float) -> None:
    data = xlsx_bytes({"Dossiers": table([dossier(1001), dossier(1002)])})

    (problem,) = problems_of(data[: int(len(data) * kept)], "export.xlsx")

    assert (problem.file, problem.field) == ("export.xlsx", "file")
    assert "XLSX" in problem.message


def test_an_xlsx_with_a_damaged_sheet_is_invalid_input() -> None:
    data = xlsx_bytes({"Dossiers": table([dossier(1001)])})
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content[: len(content) // 2] if "worksheets/sheet" in name else content)

    (problem,) = problems_of(damaged.getvalue(), "export.xlsx")

    assert problem.file == "export.xlsx"


def test_altered_workbooks_give_drafts_or_invalid_input_never_another_error() -> None:
    """Parts of a real workbook altered at random (seeded): openpyxl meets many kinds of damage."""
    data = xlsx_bytes({"Dossiers": table([dossier(1001), dossier(1002)])})
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    rnd = random.Random(20240305)
    refused = 0
    for _ in range(150):
        name = rnd.choice(sorted(parts))
        part = bytearray(parts[name])
        for _ in range(rnd.randint(1, 4)):
            part[rnd.randrange(len(part))] = rnd.choice(b'<>/"=&;-9a \xff')
        altered = io.BytesIO()
        with zipfile.ZipFile(altered, "w") as target:
            for other, content in parts.items():
                target.writestr(other, bytes(part) if other == name else content)
        try:
            read_export(altered.getvalue(), "export.xlsx", COLUMNS)
        except InvalidInput as e:
            assert all(p.file == "export.xlsx" for p in e.problems)
            refused += 1
    assert refused > 0


def test_random_bytes_as_csv_give_drafts_or_invalid_input_never_another_error() -> None:
    rnd = random.Random(7)
    good = csv_bytes([dossier("1001"), dossier("1002")])
    for _ in range(200):
        data = bytearray(good)
        for _ in range(rnd.randint(1, 6)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        try:
            read_export(bytes(data), "export.csv", COLUMNS)
        except InvalidInput as e:
            assert all(p.file == "export.csv" for p in e.problems)


def test_a_csv_named_xlsx_is_invalid_input() -> None:
    (problem,) = problems_of(csv_bytes([dossier("1001")]), "export.xlsx")

    assert problem.file == "export.xlsx"


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"", "export.csv"), (codecs.BOM_UTF8, "export.csv"), (b"\r\n\r\n", "export.csv"), (b"", "export.xlsx")],
)
def test_an_empty_file_is_invalid_input(data: bytes, filename: str) -> None:
    (problem,) = problems_of(data, filename)

    assert (problem.file, problem.field) == (filename, "file")


@pytest.mark.parametrize("filename", ["export.ods", "export.xls", "export.json", "export"])
def test_other_formats_are_refused_naming_the_file(filename: str) -> None:
    (problem,) = problems_of(csv_bytes([dossier("1001")]), filename)

    assert problem.file == filename
    assert ".csv or .xlsx" in problem.message


def test_uppercase_extensions_are_read() -> None:
    assert len(read_export(csv_bytes([dossier("1001")]), "EXPORT.CSV", COLUMNS)) == 1


def test_a_file_above_the_row_limit_is_refused_and_says_why() -> None:
    columns = ExportColumns(title="Titre du projet", description="Décrivez votre projet")
    lines = ["ID,Email,Titre du projet,Décrivez votre projet"]
    lines += [f"{n},a{n}@exemple.fr,Projet {n},Texte {n}" for n in range(1, MAX_ROWS + 2)]
    data = "\n".join(lines).encode("utf-8")

    with pytest.raises(InvalidInput) as caught:
        read_export(data, "export.csv", columns)
    (problem,) = caught.value.problems

    assert problem.file == "export.csv"
    assert f"more than {MAX_ROWS}" in problem.message and "split" in problem.message
    assert len(read_export("\n".join(lines[:-1]).encode("utf-8"), "export.csv", columns)) == MAX_ROWS


def test_a_huge_cell_is_invalid_input_not_a_csv_error() -> None:
    data = csv_bytes([dossier("1001", **{"Décrivez votre projet": "x" * 200_000})])

    (problem,) = problems_of(data, "export.csv")

    assert (problem.file, problem.line) == ("export.csv", 2)


# --- the seed sample -------------------------------------------------------------------------


def test_the_seed_sample_export_reads_with_its_mapping() -> None:
    mapping = load_mapping(SEED / "demarches" / "mapping.toml")
    assert mapping.columns is not None

    drafts = read_export((SEED / "demarches" / "export.csv").read_bytes(), "export.csv", mapping.columns)

    labs = {json.loads(line)["id"] for line in (SEED / "network" / "labs.jsonl").open(encoding="utf-8")}
    persons = [json.loads(line) for line in (SEED / "network" / "persons.jsonl").open(encoding="utf-8")]
    territories = [
        json.loads(line) for line in (SEED / "network" / "territories.jsonl").open(encoding="utf-8")
    ]
    emails = {p["email"].lower() for p in persons if p.get("email")}
    names = {t["name"] for t in territories} | {f"{t['code']} - {t['name']}" for t in territories}
    assert mapping.lab in labs
    assert len(drafts) == 5
    assert len({d.external_ref for d in drafts}) == 5
    assert all(d.title and d.text and d.state and d.drafted_on for d in drafts)
    known = [d.submitter_email for d in drafts if (d.submitter_email or "").lower() in emails]
    assert len(known) == 1 and known[0] not in emails  # known, but written in another case
    assert all(d.territory in names for d in drafts)
