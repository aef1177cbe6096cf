"""Decoding that is right or says so: legacy Chinese, Japanese, Central European and Turkish files read
to the right characters, files mixing UTF-8 with another encoding read line by line, and a file whose
encoding cannot be told is refused rather than stored as mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.engine.ingest.decode import ArticleError, decode_bytes, decode_declared

TEXTS = {
    "chinese": (
        "中国外交部发言人周一表示，网络空间不应成为新的战场。各国应当加强合作，共同维护网络安全与和平稳定。"
        "专家认为，这一倡议有助于推动全球数字治理体系的完善。"
    ),
    "japanese": (
        "外務省の報道官は月曜日、サイバー空間は新たな戦場になってはならないと述べた。"
        "各国は協力を強化し、ネットワークの安全と平和を共に守るべきだという。"
    ),
    "polish": (
        "Minister spraw zagranicznych powiedział w poniedziałek, że cyberprzestrzeń nie może stać się nowym "
        "polem bitwy. Żółć, gęślą jaźń, źdźbło i łódź pojawiły się w oświadczeniu."
    ),
    # Runs of several non-ASCII letters (żółć), found by bench/reliability.py.
    "polish words": "Wiadomości z kraju. Minister powiedział w poniedziałek, że żółć i łódź są ważne dla gęśli.",
    "czech": (
        "Ministr zahraničí v pondělí řekl, že kybernetický prostor se nesmí stát novým bojištěm. Příliš žluťoučký kůň."
    ),
    # ő and ű are õ and û in Windows-1252, which reads every byte of this as a Western letter too.
    "hungarian": (
        "A külügyminiszter hétfőn kijelentette, hogy a kibertér nem válhat új csatatérré. Az árvíztűrő "
        "tükörfúrógép működése közben a főpolgármester szerint a döntés ésszerű volt."
    ),
    "german and portuguese names": "In München sagte Pérez, dass São Paulo und Zürich größer würden.",
    "turkish": (
        "Dışişleri bakanı pazartesi günü yaptığı açıklamada siber uzayın yeni bir savaş alanı olmaması "
        "gerektiğini söyledi. Güvenlik işbirliği için çağrıda bulundu."
    ),
    "russian": (
        "Министр иностранных дел заявил в понедельник, что киберпространство не должно стать новым полем битвы."
    ),
    "french": (
        "Le ministre a déclaré lundi que le cyberespace ne doit pas devenir un nouveau champ de bataille, à Genève."
    ),
}
CASES = [
    ("chinese", "gb18030"),
    ("chinese", "gbk"),
    ("chinese", "gb2312"),
    ("japanese", "euc_jp"),
    ("japanese", "shift_jis"),
    ("japanese", "iso2022_jp"),
    ("polish", "iso8859_2"),
    ("polish", "cp1250"),
    ("polish words", "iso8859_2"),
    ("polish words", "cp1250"),
    ("czech", "iso8859_2"),
    ("czech", "cp1250"),
    ("hungarian", "iso8859_2"),
    ("hungarian", "cp1250"),
    ("german and portuguese names", "cp1252"),
    ("turkish", "cp1254"),
    ("turkish", "iso8859_9"),
    ("russian", "cp1251"),
    ("russian", "koi8_r"),
    ("french", "cp1252"),
    ("french", "latin-1"),
]


@pytest.mark.parametrize(("language", "encoding"), CASES)
@pytest.mark.parametrize("length", [1, 8])
def test_legacy_encodings_decode_to_the_right_characters(language: str, encoding: str, length: int) -> None:
    text = "\n\n".join([TEXTS[language]] * length)
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(("language", "encoding"), [("chinese", "gbk"), ("polish", "iso8859_2"), ("french", "cp1252")])
def test_a_file_mixing_utf8_lines_with_another_encoding_reads_both(language: str, encoding: str) -> None:
    utf8 = "A line in UTF-8 naming Zürich, Москва and 北京 — “quoted”."
    data = b"\n".join(
        [utf8.encode(), TEXTS[language].encode(encoding), utf8.encode(), TEXTS[language].encode(encoding)]
    )
    assert decode_bytes(data) == "\n".join([utf8, TEXTS[language], utf8, TEXTS[language]])


def test_utf8_with_a_pasted_windows_1252_word_keeps_both() -> None:
    data = "Delegates in Zürich called it “quoted”, ".encode() + b"as a caf\xe9 owner put it."
    assert decode_bytes(data) == "Delegates in Zürich called it “quoted”, as a café owner put it."


@pytest.mark.parametrize(
    "data",
    [
        # Bytes that read as symbols inside words in every Latin code page, and as no language.
        b"The minister\xa4s rem\x8darks w\xa6re we\xa8lco\xacmed in Ge\xafneva on Mon\xb4day, officials said.",
        # Random high bytes mixed into ASCII: no encoding makes words of them.
        bytes((65 + i % 26) if i % 3 else (0x80 + (i * 37) % 0x7F) for i in range(600)),
    ],
)
def test_a_file_whose_encoding_cannot_be_told_is_refused(data: bytes) -> None:
    with pytest.raises(ArticleError, match="encoding cannot be told with confidence"):
        decode_bytes(data)


@pytest.mark.parametrize(
    "text",
    [
        "Title with NUL\n\nSome text\x00 with a NUL byte in it and more words here to read.\n",
        "Заголовок\n\nМинистр заявил\x00, что переговоры возобновятся в понедельник.\n",
    ],
)
def test_utf8_with_a_stray_nul_byte_is_read_as_utf8(text: str) -> None:
    # Refused before as of an encoding that cannot be told (the detection of legacy encodings took
    # over at the first NUL, meant for UTF-16 without a byte-order mark).
    assert decode_bytes(text.encode("utf-8")).replace("\x00", "") == text.replace("\x00", "")
    # UTF-16 without one still reads as UTF-16: its NULs are half its bytes.
    assert decode_bytes(text.replace("\x00", "").encode("utf-16-le")) == text.replace("\x00", "")


def test_add_refuses_an_undecidable_file_with_one_line_and_adds_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gbk.txt").write_bytes(("网络安全新闻报道\n\n" + TEXTS["chinese"]).encode("gbk"))
    (tmp_path / "odd.txt").write_bytes(
        b"Headline here\n\nThe minister\xa4s rem\x8darks w\xa6re we\xa8lco\xacmed today."
    )
    assert main(["add", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("1 added")
    reason = "not text, or its encoding cannot be told with confidence (save it as UTF-8)"
    assert captured.err == f"cyberread: {tmp_path / 'odd.txt'}: {reason}\n"
    main(["list"])
    assert "网络安全新闻报道" in capsys.readouterr().out
    # A page on a server is not the reader's to save: the same bytes fetched say no more than the reason.
    with pytest.raises(ArticleError) as refused:
        decode_declared((tmp_path / "odd.txt").read_bytes(), None)
    assert str(refused.value) == "not text, or its encoding cannot be told with confidence"
