"""Drafts read from emails: .eml files, folders of them and Maildirs, built here with fictional
people at @exemple.fr."""

from __future__ import annotations

import hashlib
import mailbox
import random
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from graph import emails
from graph.emails import read_eml_files, read_maildir, read_message, read_path
from graph.errors import InvalidInput
from graph.incoming import Attachment, IncomingDraft

ZOE = "Zoé Lemarchand <Zoe.Lemarchand@Exemple.fr>"
TEXT = "Bonjour,\n\nNous souhaitons ouvrir un tiers-lieu numérique à Vire.\nPouvez-vous nous aider ?"


def message(
    text: str | None = TEXT,
    *,
    subject: str | None = "Tiers-lieu numérique à Vire",
    sender: str | None = ZOE,
    message_id: str | None = "<projet-vire-1@exemple.fr>",
) -> EmailMessage:
    msg = EmailMessage()
    if subject is not None:
        msg["Subject"] = subject
    if sender is not None:
        msg["From"] = sender
    msg["To"] = "labo@exemple.fr"
    msg["Date"] = "Mon, 03 Mar 2025 10:12:00 +0100"
    if message_id is not None:
        msg["Message-ID"] = message_id
    if text is not None:
        msg.set_content(text)
    return msg


def write(path: Path, msg: EmailMessage | bytes) -> Path:
    path.write_bytes(msg if isinstance(msg, bytes) else msg.as_bytes())
    return path


def read_one(tmp_path: Path, msg: EmailMessage | bytes, name: str = "message.eml") -> IncomingDraft:
    [draft] = read_eml_files([write(tmp_path / name, msg)])
    return draft


def problems_of(error: pytest.ExceptionInfo[InvalidInput]) -> set[tuple[str, str, str | None]]:
    return {(p.record, p.field, p.file) for p in error.value.problems}


def test_plain_text_message_becomes_a_draft(tmp_path: Path) -> None:
    draft = read_one(tmp_path, message(), name="vire.eml")

    assert draft == IncomingDraft(
        channel="email",
        external_ref="projet-vire-1@exemple.fr",
        title="Tiers-lieu numérique à Vire",
        text=TEXT,
        source="vire.eml",
        submitter_email="zoe.lemarchand@exemple.fr",
        submitter_name="Zoé Lemarchand",
        drafted_on=date(2025, 3, 3),
    )


def test_html_only_message_is_turned_into_plain_text_without_scripts(tmp_path: Path) -> None:
    msg = message(text=None)
    msg.set_content(
        "<html><head><style>p { color: red; }</style></head><body>"
        "<p>Caf&eacute; associatif &amp; num&eacute;rique</p>"
        "<script>var jeton = 'SCRIPT-JETON-42';</script>"
        "<div>Deuxi&egrave;me<br>ligne</div></body></html>",
        subtype="html",
    )

    draft = read_one(tmp_path, msg)

    assert draft.text == "Café associatif & numérique\n\nDeuxième\nligne"
    assert "SCRIPT-JETON-42" not in draft.text
    assert "color" not in draft.text


def test_alternative_prefers_the_plain_part(tmp_path: Path) -> None:
    msg = message("Version texte du projet.")
    msg.add_alternative("<p>Version HTML du projet.</p>", subtype="html")

    assert read_one(tmp_path, msg).text == "Version texte du projet."


def test_attachments_are_listed_by_name_and_size_never_their_bytes(tmp_path: Path) -> None:
    pdf = b"%PDF-1.4 CONTENU-PDF-CONFIDENTIEL " + bytes(range(256)) * 4
    csv = "nom;téléphone\nBastien Quérel;CONTENU-CSV-CONFIDENTIEL\n".encode()
    msg = message()
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="présentation.pdf")
    msg.add_attachment(csv, maintype="text", subtype="csv", filename="contacts.csv")

    draft = read_one(tmp_path, msg)

    assert draft.attachments == (
        Attachment(name="présentation.pdf", size=len(pdf)),
        Attachment(name="contacts.csv", size=len(csv)),
    )
    assert draft.text == TEXT
    assert "CONFIDENTIEL" not in repr(draft)


def test_inline_image_without_file_name_is_not_an_attachment(tmp_path: Path) -> None:
    msg = message("Voir le logo.")
    msg.add_alternative("<p>Voir le logo.</p>", subtype="html")
    html = list(msg.iter_parts())[1]
    assert isinstance(html, EmailMessage)
    html.add_related(b"\x89PNG logo", "image", "png", cid="<logo@exemple.fr>")
    msg.add_attachment(b"plan", maintype="application", subtype="octet-stream", filename="plan.bin")

    assert read_one(tmp_path, msg).attachments == (Attachment(name="plan.bin", size=4),)


def test_a_text_body_with_a_file_name_is_the_text_not_an_attachment(tmp_path: Path) -> None:
    msg = message()
    msg.add_header("Content-Disposition", "inline", filename="message.txt")

    draft = read_one(tmp_path, msg)

    assert (draft.text, draft.attachments) == (TEXT, ())


def test_encoded_subject_and_sender_name_are_decoded(tmp_path: Path) -> None:
    raw = (
        b"Subject: =?utf-8?q?Id=C3=A9e_pour_l=27=C3=A9t=C3=A9_=C3=A0_Saint-L=C3=B4?=\r\n"
        b"From: =?utf-8?q?Zo=C3=A9_Lemarchand?= <ZOE.LEMARCHAND@EXEMPLE.FR>\r\n"
        b"Reply-To: =?utf-8?q?Secr=C3=A9tariat?= <secretariat@exemple.fr>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"\r\n"
        b"Un projet de jardin partag\xc3\xa9.\r\n"
    )

    draft = read_one(tmp_path, raw)

    assert draft.title == "Idée pour l'été à Saint-Lô"
    assert draft.submitter_name == "Zoé Lemarchand"
    assert draft.submitter_email == "zoe.lemarchand@exemple.fr"
    assert draft.text == "Un projet de jardin partagé."


def test_without_message_id_the_reference_is_a_stable_digest(tmp_path: Path) -> None:
    raw = message(message_id=None).as_bytes()
    other = message("Un autre texte.", message_id=None).as_bytes()

    first, again, different = read_eml_files(
        [write(tmp_path / "a.eml", raw), write(tmp_path / "b.eml", raw), write(tmp_path / "c.eml", other)]
    )

    assert first.external_ref == f"sha256:{hashlib.sha256(raw).hexdigest()}"
    assert again.external_ref == first.external_ref
    assert different.external_ref != first.external_ref


def test_message_without_text_part_names_the_file_and_text(tmp_path: Path) -> None:
    msg = message(text=None)
    msg.set_content(b"%PDF-1.4 seulement un fichier", maintype="application", subtype="pdf")
    path = write(tmp_path / "sans-texte.eml", msg)

    with pytest.raises(InvalidInput) as error:
        read_eml_files([path])

    assert problems_of(error) == {("sans-texte.eml", "text", str(path))}
    assert "no text part" in str(error.value)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(8).randbytes(20_000),
        b"\x89PNG\r\n\x1a\n" + random.Random(9).randbytes(3_000),
        b"",
    ],
    ids=["random", "png", "empty"],
)
def test_binary_garbage_is_invalid_input_naming_the_file(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "illisible.eml", data)

    with pytest.raises(InvalidInput) as error:
        read_path(path)

    assert problems_of(error) == {("illisible.eml", "file", str(path))}


def test_mangled_messages_raise_nothing_but_invalid_input() -> None:
    msg = message()
    msg.add_alternative("<p>Version <b>HTML</b></p>", subtype="html")
    msg.add_attachment(b"x" * 300, maintype="application", subtype="pdf", filename="annexe.pdf")
    good = msg.as_bytes()
    rng = random.Random(3)
    for _ in range(300):
        data = bytearray(good[: rng.randrange(len(good) + 1)])
        for _ in range(rng.randrange(1, 30)):
            if data:
                data[rng.randrange(len(data))] = rng.choice(b'\x00\xff:;=<>"\r\n-?')
        try:
            draft = read_message(bytes(data), "fuzz.eml")
        except InvalidInput as e:
            assert e.problems
        else:
            assert draft.title and draft.channel == "email"


def test_maildir_messages_in_new_and_cur_are_read_and_left_in_place(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "boite", create=True)
    box.add(message("Message non lu.", message_id="<nouveau@exemple.fr>"))
    seen = mailbox.MaildirMessage(message("Message déjà lu.", message_id="<lu@exemple.fr>"))
    seen.set_subdir("cur")
    seen.add_flag("S")
    box.add(seen)
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "boite").rglob("*") if p.is_file())
    assert {p.parts[1] for p in before} == {"new", "cur"}

    drafts = read_maildir(tmp_path / "boite")

    assert sorted(d.text for d in drafts) == ["Message déjà lu.", "Message non lu."]
    assert all(d.source.startswith("Maildir boite/") for d in drafts)
    after = sorted(p.relative_to(tmp_path) for p in (tmp_path / "boite").rglob("*") if p.is_file())
    assert after == before
    assert read_path(tmp_path / "boite") == drafts


def test_missing_maildir_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as error:
        read_maildir(tmp_path / "absente")

    assert problems_of(error) == {("Maildir absente", "folder", str(tmp_path / "absente"))}
    assert not (tmp_path / "absente").exists()


def test_signature_below_the_delimiter_is_cut(tmp_path: Path) -> None:
    text = "Bonjour,\n\nVoici notre idée.\n-- \nZoé Lemarchand\nTél. 06 00 00 00 00\n"

    assert read_one(tmp_path, message(text)).text == "Bonjour,\n\nVoici notre idée."


def test_dashes_without_the_space_are_not_a_signature(tmp_path: Path) -> None:
    text = "Première partie\n--\nSeconde partie"

    assert read_one(tmp_path, message(text)).text == text


def test_html_signature_is_cut(tmp_path: Path) -> None:
    msg = message(text=None)
    msg.set_content(
        "<p>Voici notre idée.</p><div>-- <br>Zoé Lemarchand<br>06 00 00 00 00</div>", subtype="html"
    )

    assert read_one(tmp_path, msg).text == "Voici notre idée."


@pytest.mark.parametrize(
    "attribution",
    [
        "Le lun. 3 mars 2025 à 10:12, Bastien Quérel <bastien.querel@exemple.fr> a écrit :",
        "Le lun. 3 mars 2025 à 10:12, Bastien Quérel <bastien.querel@exemple.fr> a\nécrit :",
        "On Mon, 3 Mar 2025 at 10:12, Bastien Quérel wrote:",
    ],
    ids=["french", "french-wrapped", "english"],
)
def test_trailing_quoted_reply_is_dropped(tmp_path: Path, attribution: str) -> None:
    text = f"Merci, voici les précisions.\n\n{attribution}\n> Pouvez-vous préciser ?\n>\n> Bastien\n"

    assert read_one(tmp_path, message(text)).text == "Merci, voici les précisions."


def test_quoted_lines_without_an_attribution_are_kept(tmp_path: Path) -> None:
    text = "Comme le dit la charte :\n> Chaque lab choisit ses projets."

    assert read_one(tmp_path, message(text)).text == text


def test_missing_subject_falls_back_to_the_first_line_cut_at_120(tmp_path: Path) -> None:
    first = "Un projet " + "très " * 40
    draft = read_one(tmp_path, message(f"\n{first}\nSuite du texte.", subject=None))

    assert draft.title == first[:120].strip()
    assert len(draft.title) <= 120


def test_no_subject_and_no_text_is_a_title_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "vide.eml", message("-- \nZoé", subject="  "))

    with pytest.raises(InvalidInput) as error:
        read_eml_files([path])

    assert problems_of(error) == {("vide.eml", "title", str(path))}


def test_wrong_charset_is_replaced_and_nul_dropped() -> None:
    raw = (
        b"Subject: Projet\r\nFrom: zoe.lemarchand@exemple.fr\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"\xc9t\xe9 \xe0 \x00Vire\r\n"  # Latin-1, declared UTF-8, with a NUL
    )
    unknown = raw.replace(b"charset=utf-8", b"charset=x-inconnu").replace(b"\xe9", b"\xc3\xa9")

    assert read_message(raw, "latin.eml").text == "\ufffdt\ufffd \ufffd Vire"
    assert read_message(unknown, "inconnu.eml").text == "\ufffdté \ufffd Vire"
    ascii_declared = raw.replace(b"charset=utf-8", b"charset=us-ascii").replace(b"\xe9", b"\xc3\xa9")
    assert read_message(ascii_declared, "ascii.eml").text == "\ufffdt\ufffd\ufffd \ufffd Vire"


def test_unparsable_date_is_none_not_a_problem() -> None:
    msg = message()
    msg.replace_header("Date", "le trente février")

    assert read_message(msg.as_bytes(), "date.eml").drafted_on is None


def test_message_above_ten_megabytes_is_refused(tmp_path: Path) -> None:
    head = message(message_id=None).as_bytes()
    path = write(tmp_path / "enorme.eml", head + b"a" * (10 * 1024 * 1024))

    with pytest.raises(InvalidInput) as error:
        read_path(path)

    assert problems_of(error) == {("enorme.eml", "file", str(path))}
    assert "larger than" in str(error.value)


def test_read_path_reads_the_eml_files_of_a_folder_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "envois"
    (folder / "archives").mkdir(parents=True)
    write(folder / "b.EML", message("Deuxième.", message_id="<b@exemple.fr>"))
    write(folder / "a.eml", message("Premier.", message_id="<a@exemple.fr>"))
    write(folder / "archives" / "c.eml", message("Archivé.", message_id="<c@exemple.fr>"))
    (folder / "notes.txt").write_text("pas un message", encoding="utf-8")

    drafts = read_path(folder)

    assert [(d.source, d.text) for d in drafts] == [("a.eml", "Premier."), ("b.EML", "Deuxième.")]


def test_a_batch_reports_every_bad_file_at_once(tmp_path: Path) -> None:
    good = write(tmp_path / "bon.eml", message())
    no_text = message(text=None)
    no_text.set_content(b"binaire", maintype="application", subtype="zip")
    bad = write(tmp_path / "sans-texte.eml", no_text)
    garbage = write(tmp_path / "bruit.eml", random.Random(1).randbytes(500))
    missing = tmp_path / "absent.eml"

    with pytest.raises(InvalidInput) as error:
        read_eml_files([good, bad, garbage, missing])

    assert problems_of(error) == {
        ("sans-texte.eml", "text", str(bad)),
        ("bruit.eml", "file", str(garbage)),
        ("absent.eml", "file", str(missing)),
    }


def test_missing_path_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as error:
        read_path(tmp_path / "nulle-part.eml")

    assert problems_of(error) == {("nulle-part.eml", "file", str(tmp_path / "nulle-part.eml"))}


def test_too_many_messages_in_a_folder_or_maildir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emails, "MAX_MESSAGES", 2)
    box = mailbox.Maildir(tmp_path / "boite", create=True)
    for n in range(3):
        write(tmp_path / f"{n}.eml", message(f"Message {n}."))
        box.add(message(f"Message {n}."))

    with pytest.raises(InvalidInput, match="3 files, above 2"):
        read_path(tmp_path)
    with pytest.raises(InvalidInput, match="3 messages, above 2"):
        read_path(tmp_path / "boite")
