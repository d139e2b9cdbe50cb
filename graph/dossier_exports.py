"""A démarches-simplifiées spreadsheet export (CSV or XLSX) read into drafts.

What this relies on, read in the platform's own code (repository
``demarches-simplifiees/demarches-simplifiees.fr``):

* ``app/models/concerns/dossier_export_concern.rb``: a dossier's fixed columns come first, by
  these headers: « ID » (the dossier number), « Email », « FranceConnect ? », then « Civilité »,
  « Nom », « Prénom », « Dépôt pour un tiers »… for a procedure for individuals (or the
  « Établissement … » / « Entreprise … » columns), then « Archivé », « État du dossier »,
  « Dernière mise à jour le », « Dernière mise à jour du dossier le », « Déposé le »,
  « Passé en instruction le », « Traité le », « Motivation de la décision », « Instructeurs »
  and, when routed, « Groupe instructeur »; then one column per champ, headed by its label.
  The fixed columns have changed over the years and export templates let an administrator
  choose and rename them, so every column is found by its header, never by its position.
* ``config/locales/models/dossier/fr.yml``: « État du dossier » holds the state's French label
  (« En construction », « En instruction », « Accepté », « Refusé », « Classé sans suite »).
* ``app/services/procedure_export_service.rb`` and its ``spec/…/procedure_export_service_tabular_spec.rb``:
  the CSV holds the dossiers only; the XLSX holds a « Dossiers » sheet first, then
  « Etablissements », « Avis » and one sheet per repeated block, which are not read here.
  Times are Rails times: text in the CSV (« 2024-03-05 14:03:22 +0100 »), date cells in XLSX.

Beyond the platform's own output, the reader accepts what a lab does to a file before sending
it: a CSV saved again by a spreadsheet (a UTF-8 byte order mark, ``;`` between cells, dates as
« 05/03/2024 »), headers retyped in another case or with stray (non-breaking) spaces.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

import openpyxl  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from graph.dossiers import ExportColumns
from graph.errors import InvalidInput, Problem
from graph.incoming import IncomingDraft

CHANNEL = "demarches_simplifiees"
MAX_ROWS = 20_000
"""A batch is checked and recorded at the desk all at once: past this, split the export."""
TITLE_LIMIT = 300
"""The desk's limit on a draft's title."""

ID_COLUMN = "ID"
STATE_COLUMN = "État du dossier"
DEPOSITED_COLUMN = "Déposé le"
DOSSIERS_SHEET = "Dossiers"

STATE_LABELS: dict[str, str] = {
    "En construction": "en_construction",
    "En instruction": "en_instruction",
    "Accepté": "accepte",
    "Refusé": "refuse",
    "Classé sans suite": "sans_suite",
    "Sans suite": "sans_suite",
}
"""The French label of « État du dossier » -> the state id of ``IncomingDraft.state``."""

Row = Sequence[object]
"""One spreadsheet row: text for a CSV; str, int, float, bool, date or datetime cells for XLSX."""
_Rows = Generator[tuple[int, Row], None, None]
"""Rows with their line numbers; a generator, so that closing it closes the workbook."""

_XLSX_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,  # not a zip, or cut short
    zlib.error,  # a damaged compressed part
    EOFError,
    NotImplementedError,  # an unknown compression method
    InvalidFileException,
    KeyError,  # a part the workbook names is missing
    SyntaxError,  # xml.etree.ElementTree.ParseError: a damaged XML part
    OSError,  # "File contains no valid workbook part"
    ValueError,  # a cell or a style openpyxl cannot read
    TypeError,  # an unknown XML attribute
    IndexError,
    AttributeError,
    ArithmeticError,  # a date serial out of range
)
"""What openpyxl raises on a damaged workbook: it reports whatever its parsers met, so a
truncated or altered file gives any of these (found by cutting and altering real files)."""

_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FRENCH_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_NUMBER = re.compile(r"[0-9]{1,18}")


def read_export(data: bytes, filename: str, columns: ExportColumns) -> list[IncomingDraft]:
    """Read a démarches-simplifiées export into drafts, one per dossier, in the file's order.

    Nothing is read by position: ``columns`` names the headers of the lab's champs, and the
    fixed columns « ID », « État du dossier » and « Déposé le » are found by their headers too.
    Text is kept as written (HTML is never interpreted), less NUL characters; titles are cut
    at 300 characters.

    Args:
        data: the file's bytes.
        filename: its name, whose extension (``.csv``, ``.xlsx``) gives the format; it is also
            each draft's ``source`` (``export.csv, ligne 3``, the header being line 1).
        columns: the lab's mapping of draft fields to headers.

    Returns:
        The drafts; none for a file holding only its header.

    Raises:
        InvalidInput: the file cannot be read (format, encoding, damage, size), a mapped column
            is missing or repeated, or rows lack an « ID », a title or a description, or hold
            an unknown state. Every problem of the file is reported at once, with its line.
    """
    rows = _rows(data, filename)
    with contextlib.closing(rows):
        header = next(rows, None)
        if header is None or _is_blank(header[1]):
            raise InvalidInput(
                [Problem(filename, "file", "no header row on line 1 (is the file empty?)", filename, 1)]
            )
        layout = _layout(header[1], filename, columns)
        drafts: list[IncomingDraft] = []
        problems: list[Problem] = []
        first_seen: dict[str, int] = {}
        count = 0
        for line, row in rows:
            if _is_blank(row):
                continue
            count += 1
            if count > MAX_ROWS:
                raise InvalidInput([_too_many(filename, line)])
            read = _draft(row, line, layout, filename)
            if isinstance(read, list):
                problems.extend(read)
                continue
            if read.external_ref in first_seen:
                problems.append(
                    Problem(
                        f"dossier {read.external_ref}",
                        "external_ref",
                        f"the same dossier is already on line {first_seen[read.external_ref]}",
                        filename,
                        line,
                    )
                )
                continue
            first_seen[read.external_ref] = line
            drafts.append(read)
    if problems:
        raise InvalidInput(problems)
    return drafts


def _too_many(filename: str, line: int) -> Problem:
    return Problem(
        filename,
        "file",
        f"more than {MAX_ROWS} dossiers: a batch is checked and recorded all at once, so split "
        "the export (by date of deposit, for example)",
        filename,
        line,
    )


# --- reading the file ------------------------------------------------------------------------


def _rows(data: bytes, filename: str) -> _Rows:
    """The file's rows with their line numbers as a spreadsheet shows them (header = 1)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _csv_rows(data, filename)
    if suffix == ".xlsx":
        return _xlsx_rows(data, filename)
    raise InvalidInput(
        [
            Problem(
                filename,
                "file",
                f"unknown format {suffix or '(no extension)'!r}: expected a .csv or .xlsx export "
                "(an .ods or .xls file can be saved again as .xlsx)",
                filename,
            )
        ]
    )


def _csv_rows(data: bytes, filename: str) -> _Rows:
    """Rows of a UTF-8 CSV, cells separated by ``,`` (the platform) or ``;`` (a spreadsheet).

    A line number counts records, not physical lines: a cell may hold line breaks, and a
    spreadsheet shows its record as one row.
    """
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        line = body[: e.start].count(b"\n") + 1
        raise InvalidInput(
            [
                Problem(
                    filename,
                    "file",
                    f"not UTF-8 text (byte {e.start + len(data) - len(body)}): export the file "
                    "again, or save it as « CSV UTF-8 »",
                    filename,
                    line,
                )
            ]
        ) from e
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 0
    try:
        for line, cells in enumerate(reader, start=1):
            yield line, cells
    except csv.Error as e:
        raise InvalidInput([Problem(filename, "file", f"not valid CSV: {e}", filename, line + 1)]) from e


def _delimiter(text: str) -> str:
    """``;`` if it splits the header into more cells than ``,`` does, else ``,``."""
    first = text.partition("\n")[0]
    try:
        by_semicolon = len(next(csv.reader([first], delimiter=";"), []))
        by_comma = len(next(csv.reader([first], delimiter=","), []))
    except csv.Error:
        return ","
    return ";" if by_semicolon > by_comma else ","


def _xlsx_rows(data: bytes, filename: str) -> _Rows:
    """Rows of the « Dossiers » sheet (or of the first sheet, for a workbook saved again)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _XLSX_ERRORS as e:
        raise InvalidInput([_damaged(filename, e)]) from e
    try:
        sheets = list(book.worksheets)
        if not sheets:
            raise InvalidInput([Problem(filename, "file", "the workbook holds no sheet", filename)])
        wanted = _header_key(DOSSIERS_SHEET)
        sheet = next((s for s in sheets if _header_key(str(s.title)) == wanted), sheets[0])
        for line, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield line, tuple(cells)
    except _XLSX_ERRORS as e:
        raise InvalidInput([_damaged(filename, e)]) from e
    finally:
        book.close()


def _damaged(filename: str, error: BaseException) -> Problem:
    return Problem(
        filename,
        "file",
        f"not a readable XLSX workbook, damaged or cut short ({type(error).__name__}): "
        "download the export again",
        filename,
    )


# --- the header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where each draft field is in a row (cell indexes)."""

    ref: int
    title: int
    description: int
    submitter_email: int
    submitter_name: tuple[int, ...]
    organisation: int | None
    territory: int | None
    state: int | None
    deposited: int | None
    columns: ExportColumns
    """The lab's headers, for messages."""


def _header_key(header: str) -> str:
    """A header as compared: same case, spaces (non-breaking ones too) trimmed and single."""
    return " ".join(unicodedata.normalize("NFC", header).split()).casefold()


def _layout(header: Row, filename: str, columns: ExportColumns) -> _Layout:
    """Find every mapped column by its header, or raise naming each one missing or repeated."""
    positions: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        positions.setdefault(_header_key(_text(cell)), []).append(index)
    problems: list[Problem] = []

    def find(field: str, wanted: str, *, required: bool = True) -> int | None:
        found = positions.get(_header_key(wanted), [])
        if not found:
            if required:
                problems.append(Problem(filename, field, f"no column {wanted!r} in the header", filename, 1))
            return None
        if len(found) > 1:
            letters = ", ".join(get_column_letter(i + 1) for i in found)
            problems.append(
                Problem(
                    filename,
                    field,
                    f"{len(found)} columns are headed {wanted!r} ({letters}): give each champ "
                    "its own label, or map another column",
                    filename,
                    1,
                )
            )
            return None
        return found[0]

    ref = find("external_ref", ID_COLUMN)
    title = find("title", columns.title)
    description = find("description", columns.description)
    submitter_email = find("submitter_email", columns.submitter_email)
    names = [find("submitter_name", wanted) for wanted in columns.submitter_name]
    organisation = find("organisation", columns.organisation) if columns.organisation else None
    territory = find("territory", columns.territory) if columns.territory else None
    state = find("state", STATE_COLUMN, required=False)
    deposited = find("drafted_on", DEPOSITED_COLUMN, required=False)
    if problems:
        raise InvalidInput(problems)
    assert ref is not None and title is not None and description is not None  # else a problem
    assert submitter_email is not None
    return _Layout(
        ref=ref,
        title=title,
        description=description,
        submitter_email=submitter_email,
        submitter_name=tuple(i for i in names if i is not None),
        organisation=organisation,
        territory=territory,
        state=state,
        deposited=deposited,
        columns=columns,
    )


# --- one row ---------------------------------------------------------------------------------


def _draft(row: Row, line: int, layout: _Layout, filename: str) -> IncomingDraft | list[Problem]:
    """One dossier's draft, or the problems of its row."""

    def cell(index: int | None) -> object:
        return row[index] if index is not None and index < len(row) else None

    def text(index: int | None) -> str:
        return _text(cell(index)).strip()

    number = _dossier_number(cell(layout.ref))
    record = f"dossier {number}" if number is not None else f"row {line}"
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(record, field, message, filename, line))

    if number is None:
        raw = text(layout.ref)
        why = f"holds {raw!r}, not a dossier number" if raw else "is empty"
        problem("external_ref", f"column {ID_COLUMN!r} {why}")
    title = " ".join(text(layout.title).split())
    if not title:
        problem("title", f"column {layout.columns.title!r} is empty")
    description = text(layout.description).replace("\r\n", "\n").replace("\r", "\n")
    if not description:
        problem("description", f"column {layout.columns.description!r} is empty")
    state: str | None = None
    if raw_state := text(layout.state):
        state = _state(raw_state)
        if state is None:
            problem(
                "state",
                f"column {STATE_COLUMN!r} holds {raw_state!r}, not a dossier state "
                f"(expected one of {', '.join(STATE_LABELS)})",
            )
    if problems:
        return problems
    name = " ".join(part for part in (text(i) for i in layout.submitter_name) if part)
    return IncomingDraft(
        channel=CHANNEL,
        external_ref=str(number),
        title=title[:TITLE_LIMIT],
        text=description,
        source=f"{filename}, ligne {line}",
        submitter_email=text(layout.submitter_email) or None,
        submitter_name=name or None,
        organisation=text(layout.organisation) or None,
        territory=text(layout.territory) or None,
        drafted_on=_day(cell(layout.deposited)),
        state=state,
    )


def _text(value: object) -> str:
    """A cell as plain text, NUL characters removed; integral numbers without « .0 »."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, date | time):
        text = value.isoformat()
    else:
        text = str(value)
    return text.replace("\x00", "")


def _is_blank(row: Row) -> bool:
    return all(not _text(cell).strip() for cell in row)


def _dossier_number(value: object) -> int | None:
    """The dossier number of an « ID » cell (text in a CSV, a number in XLSX), if it is one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 < value < 1e18 else None
    raw = _text(value).strip()
    return int(raw) if _NUMBER.fullmatch(raw) and int(raw) > 0 else None


_STATES = {
    **{_header_key(label): state for label, state in STATE_LABELS.items()},
    **{state: state for state in STATE_LABELS.values()},
}


def _state(raw: str) -> str | None:
    """The state id of a French label (any case) or of an id itself."""
    return _STATES.get(_header_key(raw))


def _day(value: object) -> date | None:
    """The day of « Déposé le »: a date cell, ISO text (« 2024-03-05 14:03:22 +0100 »), or a
    French date (« 05/03/2024 »); ``None`` when absent or unreadable (the desk then dates the
    draft on its arrival)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = _text(value).strip()
    if match := _ISO_DAY.match(raw):
        year, month, day = match.groups()
    elif match := _FRENCH_DAY.match(raw):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
