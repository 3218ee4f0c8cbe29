"""The record model: validation names the record and field; the INCLUDE row is exact."""
import pytest

from schema import Question, RecordError, include_row, question_id, validate_record

SHA = "a" * 64


def record(**kw):
    data = dict(number=7, question="¿Cuál es la capital de Galicia?", choices=["Vigo", "Santiago", "Lugo", "Ourense"],
                answer=1, language="es", country="ES", sha256=SHA, page=2)
    data.update(kw)
    return data


def test_include_row_is_exact():
    q = validate_record(record(context="Texto: Galicia es una comunidad autónoma.", subject="Geography",
                               level="Professional"))
    assert include_row(q) == {
        "language": "Spanish", "country": "Spain", "domain": "", "subject": "Geography",
        "regional_feature": "", "level": "Professional",
        "question": "Texto: Galicia es una comunidad autónoma.\n¿Cuál es la capital de Galicia?",
        "option_a": "Vigo", "option_b": "Santiago", "option_c": "Lugo", "option_d": "Ourense", "answer": 1,
    }
    # the exam's own subject name (a spider's) is not INCLUDE's: left empty in the row
    assert include_row(validate_record(record(subject="Matemática")))["subject"] == ""
    with pytest.raises(ValueError, match="needs 4 options"):
        include_row(validate_record(record(choices=["a", "b", "c", "d", "e"])))


def test_id_is_stable_and_depends_on_variant():
    a = validate_record(record())
    b = validate_record(record())
    c = validate_record(record(variant="ingles"))
    assert a.id == b.id == question_id(SHA, 7) and len(a.id) == 16
    assert c.id != a.id


@pytest.mark.parametrize("change,field", [
    ({"answer": 4}, "answer 4 is outside"),
    ({"choices": ["solo una"]}, "choices"),
    ({"choices": ["a", " "]}, "choice 1 is empty"),
    ({"language": "xx"}, "unknown language"),
    ({"country": "ZZ"}, "unknown country"),
    ({"level": "University"}, "'University' is not an INCLUDE level (Academic, Professional"),
    ({"domain": "Law"}, "'Law' is not an INCLUDE domain"),
    ({"regional_feature": "local"}, "regional_feature"),
    ({"sha256": "abc"}, "sha256"),
    ({"flags": ["made_up"]}, "flags"),
])
def test_validation_error_names_record_and_field(change, field):
    with pytest.raises(RecordError) as err:
        validate_record(record(variant="espanhol", **change))
    msg = str(err.value)
    assert msg.startswith("question 7 (espanhol):")
    assert field in msg


def test_flags_are_deduplicated_in_canonical_order():
    q = Question(**record(flags=["variant", "image_reference", "variant"]))
    assert q.flags == ["image_reference", "variant"]


def test_codes_through_iso_lists_spa_becomes_es_every_country_accepted():
    q = validate_record(record(language="spa", country="deu"))
    assert (q.language, q.country) == ("es", "DE")
    assert validate_record(record(language="GLG", country="mz")).model_dump()["language"] == "gl"
    assert include_row(validate_record(record(language="eus", country="BO")))["country"] == "Bolivia"
    for code in ("DE", "JP", "NG", "KZ", "FJ", "IS"):  # any ISO 3166-1 country, not a project list
        assert validate_record(record(country=code)).country == code


def test_include_vocabulary_spelt_as_include_spells_it():
    """Domain labels of include-base-44's data (as harnesses list them) are accepted, in any case."""
    q = validate_record(record(domain="health ORIENTED education", level="university entrance",
                               regional_feature="Region Explicit"))
    assert (q.domain, q.level, q.regional_feature) == ("Health oriented education", "University entrance",
                                                        "region explicit")
    for domain in ("Driving License", "General knowledge", "Professional certification", "Medical License"):
        assert validate_record(record(domain=domain)).domain == domain
