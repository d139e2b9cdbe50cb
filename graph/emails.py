"""Drafts sent by email: ``.eml`` files, a folder of them, or a Maildir, read with the standard
library only.

A message becomes an :class:`graph.incoming.IncomingDraft`: its subject is the title, its text
part (or else its HTML part, turned into plain text) the text, its sender the submitter, and its
Message-ID the reference, so the same message imported again updates the same draft.
Attachments are listed by name and size and never kept. What the desk does not need is dropped
on reading: the signature below a ``-- `` line (a phone number, a postal address) and a quoted
reply at the end of the text.

Nothing is written: a Maildir is read in place, its messages neither moved nor marked as seen.
A batch is all or nothing: the problems of every message are collected, then raised once as
``InvalidInput``, each naming the file and the field.
"""

from __future__ import annotations

import hashlib
import mailbox
import re
from collections.abc import Iterator, Sequence
from datetime import date
from email import policy
from email.errors import MessageError
from email.headerregistry import AddressHeader
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from graph.errors import InvalidInput, Problem
from graph.incoming import Attachment, IncomingDraft

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
"""A larger message is refused: a draft is a few pages of text, not an archive."""
MAX_MESSAGES = 5_000
"""At most this many messages in one batch (a folder, a Maildir, a list of files)."""
TITLE_FROM_TEXT_CHARS = 120
"""A message without a subject is titled with the first line of its text, cut to this length."""

# The email package records most damage as defects, but some malformed headers and MIME
# structures raise these instead; each becomes a problem naming the file.
_MALFORMED = (ValueError, LookupError, TypeError, AttributeError, RecursionError, MessageError)

_ATTRIBUTION = re.compile(r"\s*(le\s.*\sa\s+écrit|on\s.*\swrote)\s*:\s*", re.IGNORECASE)
"""The line that opens a quoted reply: « Le 3 mars 2025, Jeanne Martin a écrit : »."""
_PLAIN_SIGNATURE = frozenset({"-- "})
"""RFC 3676's signature delimiter."""
_HTML_SIGNATURE = frozenset({"-- ", "--"})
"""In HTML the delimiter's trailing space is not significant, and rendering drops it."""


def read_message(data: bytes, source: str) -> IncomingDraft:
    """Read one message from its raw bytes.

    Args:
        data: the message as stored (RFC 5322, headers then body).
        source: where it was read, kept on the draft and named in problems.

    Raises:
        InvalidInput: the message is too large, is not an email message, is malformed, has no
            text part, or has neither a subject nor a text to take a title from.
    """
    return _read(data, source, file=source)


def read_eml_files(paths: Sequence[Path]) -> list[IncomingDraft]:
    """Read ``.eml`` files, one message each, in the order given.

    Raises:
        InvalidInput: more than :data:`MAX_MESSAGES` files, or any file missing, unreadable or
            holding a bad message; every problem of the batch at once.
    """
    if len(paths) > MAX_MESSAGES:
        raise InvalidInput([Problem("import", "files", f"{len(paths)} files, above {MAX_MESSAGES}")])
    drafts: list[IncomingDraft] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            drafts.append(_read(_read_bounded(path), path.name, file=str(path)))
        except InvalidInput as e:
            problems.extend(e.problems)
    if problems:
        raise InvalidInput(problems)
    return drafts


def read_maildir(folder: Path) -> list[IncomingDraft]:
    """Read the messages of a Maildir (``cur/`` and ``new/``), in the order of their keys.

    The Maildir is only read: no message is moved from ``new/`` to ``cur/`` or flagged.

    Raises:
        InvalidInput: the folder is not a readable Maildir, holds more than
            :data:`MAX_MESSAGES` messages, or any message is bad; every problem at once.
    """
    where = str(folder)
    try:
        box = mailbox.Maildir(folder, factory=None, create=False)
        keys = sorted(box.keys())
    except (mailbox.NoSuchMailboxError, OSError) as e:
        raise InvalidInput([Problem(f"Maildir {folder.name}", "folder", _why(e), file=where)]) from e
    if len(keys) > MAX_MESSAGES:
        too_many = f"{len(keys)} messages, above {MAX_MESSAGES}"
        raise InvalidInput([Problem(f"Maildir {folder.name}", "folder", too_many, file=where)])
    drafts: list[IncomingDraft] = []
    problems: list[Problem] = []
    for key in keys:
        source = f"Maildir {folder.name}/{key}"
        try:
            with box.get_file(key) as stream:
                data = stream.read(MAX_MESSAGE_BYTES + 1)
            drafts.append(_read(data, source, file=where))
        except (KeyError, OSError) as e:  # gone since it was listed, or unreadable
            problems.append(Problem(source, "file", _why(e), file=where))
        except InvalidInput as e:
            problems.extend(e.problems)
    if problems:
        raise InvalidInput(problems)
    return drafts


def read_path(path: Path) -> list[IncomingDraft]:
    """Read what an agent points at: a message file, a folder of ``.eml`` files, or a Maildir.

    A folder with ``cur/`` and ``new/`` is a Maildir (an archive may have dropped the empty
    ``tmp/``); any other folder is read for its ``*.eml`` files, not its subfolders.

    Raises:
        InvalidInput: the path does not exist, or what it holds cannot be read (see
            :func:`read_eml_files` and :func:`read_maildir`).
    """
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return read_maildir(path)
        try:
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".eml" and p.is_file())
        except OSError as e:
            raise InvalidInput([Problem(path.name, "folder", _why(e), file=str(path))]) from e
        return read_eml_files(found)
    if not path.exists():
        raise InvalidInput([Problem(path.name, "file", "not found", file=str(path))])
    return read_eml_files([path])


def _why(e: BaseException) -> str:
    if isinstance(e, FileNotFoundError | mailbox.NoSuchMailboxError):
        return "not found"
    if isinstance(e, OSError) and e.strerror:
        return f"cannot be read: {e.strerror}"
    return f"cannot be read: {type(e).__name__}"


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, at most one past the limit, so a huge file is never read whole."""
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_MESSAGE_BYTES + 1)
    except IsADirectoryError as e:
        raise InvalidInput([Problem(path.name, "file", "is a folder", file=str(path))]) from e
    except OSError as e:
        raise InvalidInput([Problem(path.name, "file", _why(e), file=str(path))]) from e


def _read(data: bytes, source: str, *, file: str) -> IncomingDraft:
    if len(data) > MAX_MESSAGE_BYTES:
        too_large = f"larger than {MAX_MESSAGE_BYTES} bytes, the most a message may be"
        raise InvalidInput([Problem(source, "file", too_large, file=file)])
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        if not message.keys():
            raise InvalidInput([Problem(source, "file", "not an email message (no header)", file=file)])
        return _draft(message, data, source, file)
    except _MALFORMED as e:
        raise InvalidInput(
            [Problem(source, "file", f"malformed message ({type(e).__name__}: {e})", file=file)]
        ) from e


def _draft(message: EmailMessage, data: bytes, source: str, file: str) -> IncomingDraft:
    problems: list[Problem] = []
    text, body = _body(message)
    if body is None:
        problems.append(Problem(source, "text", "no text part (neither text/plain nor text/html)", file=file))
    title = _one_line(str(message.get("subject", ""))) or _first_line(text)[:TITLE_FROM_TEXT_CHARS].strip()
    if not title and body is not None:
        problems.append(Problem(source, "title", "no subject, and no text to take a title from", file=file))
    if problems:
        raise InvalidInput(problems)
    email, name = _sender(message)
    return IncomingDraft(
        channel="email",
        external_ref=_reference(message, data),
        title=title,
        text=text,
        source=source,
        submitter_email=email,
        submitter_name=name,
        drafted_on=_drafted_on(message),
        attachments=tuple(_attachments(message, body)),
    )


def _body(message: EmailMessage) -> tuple[str, Message | None]:
    """The text, and the part it was read from (``None``: the message has no text part)."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        return _clean_text(_decoded(plain), signature=_PLAIN_SIGNATURE), plain
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        return _clean_text(_html_to_text(_decoded(html)), signature=_HTML_SIGNATURE), html
    return "", None


def _decoded(part: Message) -> str:
    """The part's text in its declared charset; a wrong or unknown one costs characters, never
    the message."""
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"  # undeclared: utf-8 reads us-ascii too
    try:
        return raw.decode(charset, errors="replace")
    except (LookupError, UnicodeError):  # unknown, or no text codec (« zlib », « undefined »)
        return raw.decode("utf-8", errors="replace")


def _clean_text(text: str, *, signature: frozenset[str]) -> str:
    """Newlines normalised, NUL dropped, the signature and a trailing quoted reply cut."""
    lines = _clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for n, line in enumerate(lines):
        if line in signature:
            lines = lines[:n]
            break
    return "\n".join(_without_quoted_reply([line.rstrip() for line in lines])).strip()


def _without_quoted_reply(lines: list[str]) -> list[str]:
    """Drop a trailing block of ``>`` lines opened by « Le … a écrit : » or « On … wrote: ».

    The opening line may be wrapped over two lines, as some mailers do. Quoted lines inside the
    text, or a trailing block without its opening line, are kept.
    """
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and (lines[start - 1].startswith(">") or not lines[start - 1].strip()):
        start -= 1
    if start == end or start == 0:
        return lines
    if _ATTRIBUTION.fullmatch(lines[start - 1]):
        return lines[: start - 1]
    if start >= 2 and _ATTRIBUTION.fullmatch(f"{lines[start - 2]} {lines[start - 1]}"):
        return lines[: start - 2]
    return lines


def _clean(value: str) -> str:
    """NUL dropped; raw 8-bit header bytes (kept as surrogates by the parser) read as UTF-8."""
    try:
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value.replace("\x00", "")


def _one_line(value: str) -> str:
    return " ".join(_clean(value).split())


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def _sender(message: EmailMessage) -> tuple[str | None, str | None]:
    """The ``From`` address (lowercased) and display name; ``Reply-To`` names nobody."""
    header = message.get("from")
    if header is None:
        return None, None
    if isinstance(header, AddressHeader):
        if not header.addresses:
            return None, None
        name, address = header.addresses[0].display_name, header.addresses[0].addr_spec
    else:
        name, address = parseaddr(str(header))
    address = _one_line(address).lower()
    return (address if "@" in address else None), (_one_line(name) or None)


def _drafted_on(message: EmailMessage) -> date | None:
    value = message.get("date")
    if value is None:
        return None
    try:
        return parsedate_to_datetime(str(value)).date()
    except (ValueError, TypeError, OverflowError):
        return None  # a wrong date is no reason to refuse the draft


def _reference(message: EmailMessage, data: bytes) -> str:
    """The Message-ID without its brackets, or else a digest of the bytes: stable either way."""
    message_id = _one_line(str(message.get("message-id", ""))).strip("<>").strip()
    return message_id or f"sha256:{hashlib.sha256(data).hexdigest()}"


def _attachments(part: Message, body: Message | None) -> Iterator[Attachment]:
    """Each part with a file name or ``Content-Disposition: attachment``; inline parts without a
    name (images of a signature) are skipped, and so is an attached message's inside."""
    if part is body:
        return
    filename = part.get_filename()
    if filename or part.get_content_disposition() == "attachment":
        yield Attachment(name=_file_name(filename), size=_size(part))
        return
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        for sub in part.get_payload():
            if isinstance(sub, Message):
                yield from _attachments(sub, body)


def _file_name(filename: str | None) -> str:
    """The name as the sender gave it, without any folder part (it names, it locates nothing)."""
    name = PurePosixPath(_one_line(filename or "").replace("\\", "/")).name
    return name[:255] or "(sans nom)"


def _size(part: Message) -> int:
    """The decoded length; the content itself is dropped at once."""
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return len(payload)
    inner = part.get_payload()
    if isinstance(inner, list):  # an attached message
        return sum(len(m.as_bytes()) for m in inner if isinstance(m, Message))
    return 0


_SKIPPED = frozenset({"script", "style", "title", "template"})
_BREAKS = frozenset({"br"})
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul"),
    }
)
_CELLS = frozenset({"td", "th"})


class _HtmlText(HTMLParser):
    """Collects the visible text of an HTML document (entities already unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BREAKS or tag in _BLOCKS:
            self.chunks.append("\n- " if tag == "li" else "\n")
        elif tag in _CELLS:
            self.chunks.append(" ")
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.chunks.append("\n")
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self.chunks.append(data if self._pre else re.sub(r"\s+", " ", data))


def _html_to_text(html: str) -> str:
    """The visible text of an HTML message, as plain text: no tags, no scripts or styles,
    entities unescaped, one line per block, at most one blank line in a row.

    >>> _html_to_text("<p>Caf&eacute; &amp; th&eacute;<script>alert(1)</script></p><p>Suite</p>")
    'Café & thé\\n\\nSuite'
    """
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.chunks).split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()
