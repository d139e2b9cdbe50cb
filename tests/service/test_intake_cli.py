"""Intake from the command line, on real SQLite files: the seed procedure's export imported
twice without duplicates, an email with its sender found, and each kind of bad file refused with
exit code 2, a message naming the file, the row and the column, and nothing imported."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.service.conftest import cli_env, passerelle

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "seed_data" / "demarches" / "export.csv"
MAPPING = ROOT / "seed_data" / "demarches" / "mapping.toml"


@pytest.fixture
def env(seeded_without_vectors: dict[str, str], tmp_path: Path) -> dict[str, str]:
    store = tmp_path / "seed.db"
    store.write_bytes(Path(seeded_without_vectors["PASSERELLE_STORE__SQLITE_PATH"]).read_bytes())
    return {
        **seeded_without_vectors,
        "PASSERELLE_STORE__SQLITE_PATH": str(store),
        "PASSERELLE_DESK__PATH": str(tmp_path / "desk.db"),
        "PASSERELLE_AUTH__ACCOUNTS_PATH": str(tmp_path / "accounts.db"),
    }


def drafts_listed(env: dict[str, str]) -> list[str]:
    done = passerelle(env, "draft", "list", "--limit", "100")
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line.strip()]


def test_the_seed_procedures_export_twice_gives_each_dossier_once(env: dict[str, str]) -> None:
    first = passerelle(env, "intake", "export", str(EXPORT), "--mapping", str(MAPPING))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("5 brouillon(s) créé(s), 0 mis à jour")
    again = passerelle(env, "intake", "export", str(EXPORT), "--mapping", str(MAPPING))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 brouillon(s) créé(s), 5 mis à jour, 0 personne(s) créée(s)")
    assert len(drafts_listed(env)) == 5


def bad_files(folder: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Each bad file, and what the message must name."""
    header = EXPORT.read_bytes().split(b"\n", 1)[0]
    broken = folder / "latin1.csv"
    broken.write_bytes(header + "\n12,a@exemple.fr,false,,Hébert\n".encode("latin-1"))
    missing = folder / "sans-titre.csv"
    missing.write_text("ID,Email,Décrivez votre projet\n1,a@exemple.fr,Un texte\n", encoding="utf-8")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["ID", "Email", "Titre du projet", "Décrivez votre projet"])
    book.active.append([1, "a@exemple.fr", "Titre", "Texte"])
    whole = folder / "whole.xlsx"
    book.save(whole)
    truncated = folder / "coupe.xlsx"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return {
        "broken encoding": (broken, ("latin1.csv", ":2")),
        "missing column": (missing, ("sans-titre.csv", "Titre du projet")),
        "truncated xlsx": (truncated, ("coupe.xlsx",)),
    }


@pytest.mark.parametrize("case", ["broken encoding", "missing column", "truncated xlsx"])
def test_a_bad_export_is_refused_whole(env: dict[str, str], tmp_path: Path, case: str) -> None:
    path, named = bad_files(tmp_path)[case]
    done = passerelle(env, "intake", "export", str(path), "--mapping", str(MAPPING))
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr
    for word in named:
        assert word in done.stderr, (word, done.stderr)
    assert "rien n'a été écrit" in done.stderr
    assert drafts_listed(env) == []


def message(subject: str, sender: str, text: str | None) -> bytes:
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = subject, sender, "lab@innovmandie.example"
    mail["Message-ID"] = f"<{abs(hash(subject))}@exemple.fr>"
    if text is None:
        mail.set_content(b"\x89PNG...", maintype="image", subtype="png", filename="plan.png")
    else:
        mail.set_content(text)
        mail.add_attachment(b"%PDF-1.4 fictif", maintype="application", subtype="pdf", filename="note.pdf")
    return bytes(mail)


def test_an_email_finds_its_sender_and_lists_its_attachment(env: dict[str, str], tmp_path: Path) -> None:
    box = tmp_path / "courriels"
    box.mkdir()
    (box / "1.eml").write_bytes(
        message(
            "Covoiturage des agents de la préfecture",
            "Léa Bourgeois <LEA.BOURGEOIS@prefecture-eure.example>",
            "Nous voulons organiser le covoiturage entre Évreux et Rouen.\n-- \nLéa, 06 00 00 00 00",
        )
    )
    done = passerelle(env, "intake", "email", str(box), "--lab", "lab:innovmandie")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 brouillon(s) créé(s), 0 mis à jour, 0 personne(s) créée(s)")
    (line,) = drafts_listed(env)
    assert "Covoiturage" in line


def test_an_email_without_a_text_part_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "image.eml"
    path.write_bytes(message("Une image seule", "x@exemple.fr", None))
    done = passerelle(env, "intake", "email", str(path), "--lab", "lab:innovmandie")
    assert done.returncode == 2
    assert "image.eml" in done.stderr and "text" in done.stderr
    assert drafts_listed(env) == []


def test_a_flagged_submitter_is_named_by_staff(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    export = tmp_path / "export.csv"
    export.write_text(
        "ID,Email,Titre du projet,Décrivez votre projet\n7,,Sans adresse,Un texte sans adresse.\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        'lab = "lab:innovmandie"\n[columns]\n'
        'title = "Titre du projet"\ndescription = "Décrivez votre projet"\n',
        encoding="utf-8",
    )
    done = passerelle(env, "intake", "export", str(export), "--mapping", str(mapping))
    assert done.returncode == 0, done.stderr
    assert "à vérifier : brouillon 1 (7) : aucune adresse" in done.stdout
    named = passerelle(env, "draft", "submitter", "1", "person:alice-martin")
    assert named.returncode == 0, named.stderr
    assert "déposé par person:alice-martin" in named.stdout
    wrong = passerelle(env, "draft", "submitter", "1", "person:personne")
    assert wrong.returncode == 2 and "submitter" in wrong.stderr
