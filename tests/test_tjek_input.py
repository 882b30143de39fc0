"""`referat tjek` on bad input: every class of broken file gets a clear Danish message with the
file and the line, exit code 1, no traceback and no hang (a call that could hang runs in a
forked child with a timeout). Also: hostile YAML is never executed, links out of the
repository are not followed, and YAML 1.1's traps do not apply.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtext import FILE, FINDING, GROUP, VALID, check_file, codes, col_of, finding_lines, line_of, meeting, tjek  # noqa: F401


def assert_only(r, *expected: str, code: int = 1) -> None:
    assert sorted(finding_lines(r)) == sorted(expected), r.out + r.err
    assert r.code == code, r.out + r.err


# --- broken files -----------------------------------------------------------------------------------


def test_missing_front_matter(minutes):
    text = VALID.split("---\n", 2)[2]  # only the body
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:1:1: fejl F003 Front matter mangler: filen skal begynde med en linje med --- — "
                   "Se et eksempel med 'referat format mødefil'")


def test_unterminated_front_matter(minutes):
    text = VALID.replace("tekst: Dagsordenen blev godkendt.\n---\n", "tekst: Dagsordenen blev godkendt.\n")
    assert text != VALID
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:1:1: fejl F004 Front matter slutter ikke: der mangler en linje med --- efter den — "
                   "Tilføj en linje med --- mellem front matter og referatet")


def test_yaml_syntax_error_at_the_line_of_the_file(minutes):
    # Line 4 of the file (line 3 of the front matter): a second colon in an unquoted value.
    text = meeting(("sted: Teams", "sted: Teams: lokale 2"))
    r = check_file(minutes, text)
    assert f"{FILE}:4:12: fejl Y001 YAML-syntaksfejl: et kolon står et sted, hvor det ikke må; sæt teksten i " \
           "anførselstegn" in r.lines, r.out
    assert r.code == 1


def test_yaml_syntax_error_bad_indentation(minutes):
    text = meeting(("    ansvarlig: Povl Skov", "   ansvarlig: Povl Skov"))
    r = check_file(minutes, text)
    assert f"{FILE}:20:4: fejl Y001 YAML-syntaksfejl: forventede et listepunkt (-); tjek indrykningen" in r.lines, r.out
    assert r.code == 1


def test_yaml_syntax_error_unclosed_quote_points_at_the_quote(minutes):
    # The quote opened on line 19 is never closed; line 24 is the closing ---, where nothing is wrong.
    text = meeting(("    titel: Nyt fra Rammesekretariatet", '    titel: "Nyt fra Rammesekretariatet'))
    r = check_file(minutes, text)
    [y001] = [line for line in finding_lines(r) if " Y001 " in line]
    assert y001.startswith(f"{FILE}:19:"), r.out
    assert "anførselstegn" in y001
    assert r.code == 1


def test_unreadable_front_matter_gives_no_follow_up_errors(minutes):
    # When the front matter cannot be read, the agenda is unknown: the headings are not
    # "not on the agenda" (A002). The secretary should see the one thing to fix.
    text = meeting(("sted: Teams", "sted: Teams: lokale 2"))
    r = check_file(minutes, text)
    assert codes(r) == ["Y001"], r.out


def test_tab_indentation(minutes):
    text = meeting(("    ansvarlig: Julie Folke\n", "\tansvarlig: Julie Folke\n"))
    r = check_file(minutes, text)
    assert f"{FILE}:16:1: fejl Y002 Tabulator i indrykningen; YAML skal indrykkes med mellemrum" in r.lines, r.out
    assert codes(r)[0] == "Y002"
    assert r.code == 1


def test_duplicate_key_reported_at_second_occurrence(minutes):
    text = meeting(("referent: Julie Folke\n", "referent: Julie Folke\nstatus: godkendt\n"))
    r = check_file(minutes, text)
    assert f"{FILE}:8:1: fejl Y003 Nøglen 'status' står to gange (første gang i linje 6)" in r.lines, r.out
    assert r.code == 1


def test_duplicate_key_in_agenda_item(minutes):
    text = meeting(("    ansvarlig: Povl Skov\n", "    ansvarlig: Povl Skov\n    titel: Nyt fra KKR\n"))
    r = check_file(minutes, text)
    assert f"{FILE}:21:5: fejl Y003 Nøglen 'titel' står to gange (første gang i linje 19)" in r.lines, r.out
    assert r.code == 1


def test_empty_file(minutes):
    r = check_file(minutes, b"")
    assert_only(r, f"{FILE}:1:1: fejl F002 Filen er tom")


def test_only_whitespace(minutes):
    r = check_file(minutes, " \n\n\t \r\n   \n")
    assert_only(r, f"{FILE}:1:1: fejl F002 Filen er tom")


def test_windows_1252_from_word(minutes):
    text = meeting(("sted: Teams\n", "sted: Teams\ntitel: Referat fra møde i netværket\n"))
    raw = text.encode("cp1252")
    assert b"Referat fra m\xf8de" in raw
    r = check_file(minutes, raw)
    col = len("titel: Referat fra m") + 1
    assert_only(r, f"{FILE}:5:{col}: fejl F001 Filen er ikke UTF-8; den ser ud til at være Windows-1252 (fx gemt fra "
                   "Word) — Gem filen som UTF-8 (i Word: Gem som > Almindelig tekst > Unicode (UTF-8)), eller "
                   "konvertér den: iconv -f WINDOWS-1252 -t UTF-8 FIL > NY_FIL")


def test_binary_file(minutes):
    r = check_file(minutes, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00\x00\n")
    [line] = finding_lines(r)
    assert line.startswith(f"{FILE}:") and " fejl F001 " in line, r.out
    assert r.code == 1


def test_python_tag_is_refused_and_never_run(minutes, tmp_path):
    marker = tmp_path / "pwned"
    text = meeting(("sted: Teams", f'sted: !!python/object/apply:os.system ["touch {marker}"]'))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:4:7: fejl Y004 YAML-tagget '!!python/object/apply:os.system' er ikke tilladt; værdien er "
                   "ignoreret (tags køres aldrig)")
    r = tjek(minutes)  # the whole repository, too
    assert not marker.exists()


def test_python_tag_in_a_registry_is_refused_and_never_run(minutes, tmp_path):
    marker = tmp_path / "pwned-registry"
    text = minutes.read("personer.yaml").rstrip("\n") + (
        f'\n\n  - id: ole-bjerg\n    navn: !!python/object/apply:os.system ["touch {marker}"]\n')
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    ln = len(text.split("\n")) - 1
    assert f"personer.yaml:{ln}:11: fejl Y004 YAML-tagget '!!python/object/apply:os.system' er ikke tilladt; " \
           "værdien er ignoreret (tags køres aldrig)" in r.lines, r.out
    assert r.code == 1
    assert not marker.exists()


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_bounded(minutes):
    text = meeting(("sted: Teams\n", "sted: Teams\n" + BILLION_LAUGHS))
    r = check_file(minutes, text, forked=True)  # finishes (the child has a timeout) ...
    y005 = [line for line in finding_lines(r) if " Y005 " in line]
    assert len(y005) == 1, r.out
    assert y005[0].startswith(f"{FILE}:2:1: fejl Y005 For mange elementer"), r.out
    assert "ankre og aliaser" in y005[0]
    assert r.code == 1


def test_recursive_alias_is_bounded(minutes):
    text = meeting(("sted: Teams\n", "sted: Teams\nløkke: &a [*a]\n"))
    r = check_file(minutes, text, forked=True)
    y005 = [line for line in finding_lines(r) if " Y005 " in line]
    assert len(y005) == 1 and y005[0].startswith(f"{FILE}:2:1: fejl Y005 "), r.out
    assert r.code == 1


def test_three_megabyte_file_is_refused(minutes):
    padding = ("Referatet fortsætter med en meget lang drøftelse af fokusområderne. " * 20 + "\n\n")
    text = VALID + padding * (3 * 1024 * 1024 // len(padding.encode()) + 1)
    raw = text.encode()
    assert 3 * 1024 * 1024 <= len(raw) < 3 * 1024 * 1024 + 2000
    r = check_file(minutes, raw)
    assert_only(r, f"{FILE}: fejl F006 Filen er for stor ({len(raw) // 1024} KB); et møde må højst fylde 2 MB")


def test_deeply_nested_yaml(minutes):
    nested = "beskrivelse: " + "[" * 5000 + "]" * 5000 + "\n"
    text = meeting(("sted: Teams\n", "sted: Teams\n" + nested))
    r = check_file(minutes, text)
    y005 = [line for line in finding_lines(r) if " Y005 " in line]
    assert len(y005) == 1 and y005[0].startswith(f"{FILE}:"), r.out
    assert r.code == 1


def test_deeply_nested_block_yaml(minutes):
    nested = "beskrivelse:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
    text = meeting(("sted: Teams\n", "sted: Teams\n" + nested))
    r = check_file(minutes, text)
    assert any(" Y005 " in line for line in finding_lines(r)), r.out
    assert r.code == 1


def test_bom_and_crlf_are_accepted(minutes):
    raw = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8")
    r = check_file(minutes, raw)
    assert r.code == 0, r.out
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


def test_crlf_file_findings_have_the_right_lines(minutes):
    text = meeting(("status: udkast", "status: faerdig")) + "\n## 3. Eventuelt\n"
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    r = check_file(minutes, raw)
    assert_only(r,
                f"{FILE}:6:9: fejl S005 Ukendt status 'faerdig' — Status skal være planlagt, udkast, godkendt",
                f"{FILE}:35:1: fejl A002 Overskriften '## 3. Eventuelt' svarer ikke til et punkt på dagsordenen")


def test_non_scalar_key(minutes):
    text = meeting(("sted: Teams", "[sted, lokale]: Teams"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:4:1: fejl Y006 En nøgle skal være en enkel tekst")


# --- YAML 1.1 traps ------------------------------------------------------------------------------------


def test_unquoted_times_stay_times(minutes):
    text = meeting(('tid: "10:00-13:00"', "tid: 10:30"), ("    type: beslutning\n",
                                                          "    type: beslutning\n    tid: 10:30-10:40\n"))
    r = check_file(minutes, text)
    assert r.code == 0, r.out
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


def test_leading_zero_is_decimal_not_octal(minutes):
    # 012 is 12 (YAML 1.2), not 10 (octal in YAML 1.1): item 012 is the one headed "## 12.".
    text = meeting(("moede_nr: 2", "moede_nr: 012"), ("  - nr: 2\n", "  - nr: 012\n"),
                   ("## 2. Nyt fra", "## 12. Nyt fra"))
    r = check_file(minutes, text)
    assert r.code == 0, r.out
    # moede_nr is 12 too (M012: the meeting is the year's second)
    assert r.lines[0].startswith(f"{FILE}:5:11: advarsel M012 moede_nr er 12, men mødet er nr. 2 af 4 i 2025 "), r.out
    assert r.lines[1:] == ["0 fejl og 1 advarsel i 1 møde."]
    # and item 10 (the octal reading) is not on the agenda
    r = check_file(minutes, meeting(("  - nr: 2\n", "  - nr: 012\n"), ("## 2. Nyt fra", "## 10. Nyt fra")))
    assert f"{FILE}:30:1: fejl A002 Overskriften '## 10. Nyt fra Rammesekretariatet' svarer ikke til et punkt på " \
           "dagsordenen" in r.lines, r.out


def test_status_no_is_the_text_no(minutes):
    r = check_file(minutes, meeting(("status: udkast", "status: no")))
    assert_only(r, f"{FILE}:6:9: fejl S005 Ukendt status 'no' — Status skal være planlagt, udkast, godkendt")


def test_yes_is_not_true(minutes):
    text = meeting(("  - Julie Folke\nafbud:", "  - Julie Folke\n  - navn: Ole Bjerg\n    gaest: yes\nafbud:"))
    r = check_file(minutes, text)
    assert f"{FILE}:12:12: fejl S002 'gaest' i 'deltagere' skal være true eller false, ikke 'yes'" in r.lines, r.out
    assert r.code == 1


def test_iso_date_is_read_by_referat(minutes):
    # Not a YAML timestamp: a Danish-written date and an ISO date both work, an impossible one is reported.
    r = check_file(minutes, meeting(("dato: 2025-06-13", "dato: fredag den 13. juni 2025")))
    assert r.code == 0, r.out
    r = check_file(minutes, meeting(("dato: 2025-06-13", "dato: torsdag den 13. juni 2025")))
    [line] = finding_lines(r)
    assert line.startswith(f"{FILE}:2:7: fejl D001 'dato' i mødet: "), line
    assert "fredag" in line
    assert r.code == 1


# --- never a crash ---------------------------------------------------------------------------------------

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _never_crashes(minutes, content: bytes) -> None:
    minutes.write(FILE, content)
    r = minutes.run("tjek", FILE)
    assert r.code in (0, 1), (content, r.code, r.out, r.err)
    assert "Traceback" not in r.err and "Traceback" not in r.out, (content, r.err)
    assert r.lines and (r.lines[-1].startswith("Alt er i orden") or r.lines[-1].endswith("i 1 møde.")), (content, r.out)
    if r.code == 1:
        assert finding_lines(r), (content, r.out)


@FUZZ
@given(content=st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash(minutes, content):
    _never_crashes(minutes, content)


@FUZZ
@given(text=st.text(max_size=2000))
def test_arbitrary_text_never_crashes(minutes, text):
    _never_crashes(minutes, text.encode("utf-8"))


_yamlish = st.text(alphabet=st.sampled_from(list("abdgnrst:-[]{}&*!|>'\" \n\t#%@,?012.æøå")), max_size=600)


@FUZZ
@given(front=st.one_of(_yamlish, st.text(max_size=1000)), closed=st.booleans(), body=st.text(max_size=500))
def test_text_starting_with_front_matter_never_crashes(minutes, front, closed, body):
    text = "---\n" + front + ("\n---\n" + body if closed else "")
    _never_crashes(minutes, text.encode("utf-8"))


@FUZZ
@given(key=st.sampled_from(["referent: Julie Folke", "status: udkast", "dato: 2025-06-13", 'tid: "10:00-13:00"',
                            "    ansvarlig: Povl Skov", "  - punkt: 1"]),
       value=st.text(max_size=80))
def test_any_value_in_a_valid_meeting_never_crashes(minutes, key, value):
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    name = key.split(":")[0]
    _never_crashes(minutes, meeting((key, f"{name}: {quoted}")).encode("utf-8"))
