"""The ontology (ontology/dzkg.ttl), the closed DZ namespace that mirrors it, and the offline doc page."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import opencc
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from dzkg import paths
from dzkg.namespace import DZ, ELI, ORG, PREFIXES, PROV, QB, ROV, SCHEMA, TIME
from dzkg.ontodoc import render_ontology_html, write_ontology_html

ONTOLOGY_IRI = URIRef("https://w3id.org/dzkg/ontology")
NS = "https://w3id.org/dzkg/ontology#"
INDUSTRY = "https://w3id.org/dzkg/id/industry/"
STRATEGY = "https://w3id.org/dzkg/id/strategy/"
LANGS = {"zh-Hant", "zh-Hans", "en"}
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept)


@cache
def onto() -> Graph:
    return Graph().parse(paths.ontology_file(), format="turtle")


def dz_terms() -> set[URIRef]:
    """Every IRI in dz: that the ontology describes."""
    return {s for s in onto().subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def langs(node: URIRef, predicate: URIRef) -> list[str]:
    return sorted(o.language or "" for o in onto().objects(node, predicate) if isinstance(o, Literal))


def test_header() -> None:
    g = onto()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert g.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("dzkg contributors")
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert g.value(ONTOLOGY_IRI, predicate) is not None, predicate


def test_every_dz_term_is_declared_labelled_defined() -> None:
    t2s = opencc.OpenCC("t2s")
    g = onto()
    assert len(dz_terms()) > 100
    for term in sorted(dz_terms()):
        kinds = [k for k in KINDS if (term, RDF.type, k) in g]
        assert len(kinds) == 1, (term, kinds)
        assert g.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, term
        assert sorted(LANGS) == langs(term, RDFS.label), term
        assert "en" in langs(term, SKOS.definition), term
        labels = {o.language: str(o) for o in g.objects(term, RDFS.label)}
        assert labels["zh-Hans"] == t2s.convert(labels["zh-Hant"]), term
        if kinds[0] in (SKOS.Concept, SKOS.ConceptScheme):
            assert sorted(LANGS) == langs(term, SKOS.prefLabel), term


CONTRACT_CLASSES = [
    "City",
    "PolicyDocument",
    "Strategy",
    "IndustryChain",
    "Industry",
    "Enterprise",
    "Organization",
    "Designation",
    "Programme",
    "Project",
    "MetricObservation",
    "Indicator",
    "Period",
    "Briefing",
    "AdministrativeArea",
    "Place",
    "Country",
    "Province",
    "County",
    "District",
    "CountyLevelCity",
    "Park",
    "IndustryCluster",
    "DocumentPart",
    "Section",
    "BuildActivity",
]
CONTRACT_PROPERTIES = [
    "indicator",
    "statType",
    "rank",
    "rankScope",
    "valueInBaseUnit",
    "baseUnit",
    "changeOf",
    "polarity",
    "holder",
    "programme",
    "level",
    "year",
    "flag",
    "subjectText",
    "periodText",
    "valueMax",
    "category",
    "hasPart",
    "partType",
    "count",
    "locatedIn",
    "servesStrategy",
    "chainOf",
    "inIndustry",
    "mentionedIn",
    "clauseStart",
    "clauseEnd",
    "clauseText",
    "inSentence",
    "inSection",
    "sectionOf",
    "headingLevel",
    "sha256",
    "characterCount",
    "aboutPlace",
    "softwareVersion",
]


def test_contract_terms_exist() -> None:
    # imported here: pytest probes module globals, and rdflib's XSD warns on unknown attribute names
    from rdflib.namespace import XSD

    g = onto()
    for name in CONTRACT_CLASSES:
        assert (URIRef(NS + name), RDF.type, OWL.Class) in g, name
    for name in CONTRACT_PROPERTIES:
        assert {
            (URIRef(NS + name), RDF.type, OWL.ObjectProperty),
            (URIRef(NS + name), RDF.type, OWL.DatatypeProperty),
        } & set(g.triples((URIRef(NS + name), RDF.type, None))), name
    assert g.value(DZ.rank, RDFS.range) == XSD.positiveInteger
    assert g.value(DZ.valueInBaseUnit, RDFS.range) == XSD.decimal
    assert g.value(DZ.valueMax, RDFS.range) == XSD.decimal
    assert g.value(DZ.year, RDFS.range) == XSD.gYear


def test_closed_namespace_equals_ontology() -> None:
    in_namespace = {URIRef(iri) for iri in dir(DZ)}
    assert in_namespace == dz_terms()
    with pytest.raises(AttributeError):
        DZ.Nonexistent  # noqa: B018
    assert PREFIXES["dz"] == NS and PREFIXES["dzid"] == "https://w3id.org/dzkg/id/"


ALIGNMENT = [
    (DZ.MetricObservation, RDFS.subClassOf, QB.Observation),
    (DZ.MetricObservation, RDFS.subClassOf, PROV.Entity),
    (DZ.PolicyDocument, RDFS.subClassOf, ELI.LegalResource),
    (DZ.Enterprise, RDFS.subClassOf, ORG.FormalOrganization),
    (DZ.Enterprise, RDFS.subClassOf, ROV.RegisteredOrganization),
    (DZ.Organization, RDFS.subClassOf, ORG.Organization),
    (DZ.City, RDFS.subClassOf, SCHEMA.City),
    (DZ.City, RDFS.subClassOf, DZ.AdministrativeArea),
    (DZ.AdministrativeArea, RDFS.subClassOf, DZ.Place),
    (DZ.Place, RDFS.subClassOf, SCHEMA.Place),
    (DZ.Park, RDFS.subClassOf, DZ.Place),
    (DZ.Period, RDFS.subClassOf, DCTERMS.PeriodOfTime),
    (DZ.Period, RDFS.subClassOf, TIME.ProperInterval),
    (DZ.Briefing, RDFS.subClassOf, PROV.Entity),
    (DZ.BuildActivity, RDFS.subClassOf, PROV.Activity),
    (DZ.Indicator, RDFS.subClassOf, SKOS.Concept),
    (DZ.Industry, RDFS.subClassOf, SKOS.Concept),
    (DZ.Strategy, RDFS.subClassOf, SKOS.Concept),
    (DZ.sectionOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (DZ.hasPart, RDFS.subPropertyOf, DCTERMS.hasPart),
    (DZ.aboutPlace, RDFS.subPropertyOf, DCTERMS.spatial),
    (DZ.locatedIn, RDFS.subPropertyOf, SCHEMA.location),
]


@pytest.mark.parametrize("triple", ALIGNMENT, ids=lambda t: f"{t[0].split('#')[-1]}-{t[2].n3()}")
def test_alignment_axiom(triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in onto()


def test_place_classes_are_administrative_areas() -> None:
    for name in ("Country", "Province", "City", "County", "District", "CountyLevelCity"):
        assert (DZ[name], RDFS.subClassOf, DZ.AdministrativeArea) in onto(), name


SCHEMES = {
    DZ.LevelScheme: {"LevelNational", "LevelProvincial", "LevelMunicipal", "LevelCounty"},
    DZ.StatTypeScheme: {
        "StatLevel",
        "StatCount",
        "StatShare",
        "StatCompletionRate",
        "StatChangeAbsolute",
        "StatChangeRelative",
        "StatChangePoints",
        "StatRankOnly",
    },
    DZ.PolarityScheme: {"HigherIsBetter", "LowerIsBetter", "Neutral"},
    DZ.FlagScheme: {
        "FlagTarget",
        "FlagEstimate",
        "FlagApprox",
        "FlagLowerBound",
        "FlagRange",
        "FlagDuration",
        "FlagOrdinal",
        "FlagChineseNumeral",
        "FlagRankOnly",
        "FlagHeadline",
    },
    DZ.DesignationCategoryScheme: {
        "CatPilot",
        "CatDemonstration",
        "CatFrontrunner",
        "CatExcellentCase",
        "CatModel",
        "CatKeyProject",
        "CatCertification",
    },
    DZ.DocumentTypeScheme: {
        "DocActionPlan",
        "DocWorkPoints",
        "DocImplementationOpinion",
        "DocPolicyMeasures",
        "DocWorkLedger",
        "DocCooperationAgreement",
        "DocWorkGuideline",
        "DocCampaignPlan",
        "DocPlan",
        "DocNotice",
        "DocBriefing",
        "DocOther",
    },
}


@pytest.mark.parametrize("scheme", sorted(SCHEMES), ids=lambda s: s.split("#")[-1])
def test_code_list(scheme: URIRef) -> None:
    g = onto()
    members = {str(c)[len(NS) :] for c in g.subjects(SKOS.inScheme, scheme)}
    assert members == SCHEMES[scheme]
    for name in members:
        assert (DZ[name], SKOS.topConceptOf, scheme) in g and (scheme, SKOS.hasTopConcept, DZ[name]) in g


def test_flag_notations_are_fact_sheet_names() -> None:
    notations = {str(onto().value(c, SKOS.notation)) for c in onto().subjects(SKOS.inScheme, DZ.FlagScheme)}
    assert notations == {
        "target",
        "estimate",
        "approx",
        "lower_bound",
        "range",
        "duration",
        "ordinal",
        "chinese_numeral",
        "rank_only",
        "headline",
    }
    assert str(onto().value(DZ.FlagLowerBound, SKOS.notation)) == "lower_bound"


def test_indicator_scheme_is_empty_and_other_schemes_exist() -> None:
    g = onto()
    assert not list(g.subjects(SKOS.inScheme, DZ.IndicatorScheme))
    for scheme in (DZ.IndicatorScheme, DZ.StrategyScheme, DZ.IndustryScheme):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in g


def concept(base: str, slug: str) -> URIRef:
    return URIRef(base + slug)


def pref(node: URIRef, lang: str) -> str:
    return next(str(o) for o in onto().objects(node, SKOS.prefLabel) if o.language == lang)


SEEDED_BROADER = {
    "machinery": None,
    "chemicals": None,
    "light-industry": None,
    "textiles": None,
    "food": None,
    "ic-key-materials": "new-materials",
    "high-end-equipment": None,
    "sports-equipment": None,
    "next-gen-it": None,
    "ai": "next-gen-it",
    "geothermal": "new-energy",
    "low-altitude-equipment": "low-altitude-economy",
    "biomanufacturing": "bio-industry",
    "biomedicine": "bio-industry",
    "biomedical-engineering": "bio-industry",
    "bio-industry": None,
    "metaverse": None,
    "life-sciences": None,
    "digital-economy": None,
    "new-energy": None,
    "new-materials": None,
    "condiments": "food",
    "papermaking": "light-industry",
    "low-altitude-economy": None,
}


def test_industry_scheme_is_seeded_from_the_briefing() -> None:
    g = onto()
    members = {str(c) for c in g.subjects(SKOS.inScheme, DZ.IndustryScheme)}
    assert {INDUSTRY + slug for slug in SEEDED_BROADER} <= members
    for slug, broader in SEEDED_BROADER.items():
        node = concept(INDUSTRY, slug)
        assert (node, RDF.type, DZ.Industry) in g and (node, RDF.type, SKOS.Concept) in g
        if broader is None:
            assert (node, SKOS.topConceptOf, DZ.IndustryScheme) in g, slug
        else:
            assert (node, SKOS.broader, concept(INDUSTRY, broader)) in g, slug
    assert pref(concept(INDUSTRY, "biomanufacturing"), "zh-Hans") == "生物制造"
    assert pref(concept(INDUSTRY, "ai"), "en") == "Artificial intelligence"
    names = {str(o) for c in members for o in g.objects(URIRef(c), SKOS.prefLabel)}
    assert not names & {"新興產業", "傳統產業", "未來產業", "新兴产业", "传统产业", "未来产业"}


def test_lexicon_concepts_are_well_formed() -> None:
    g = onto()
    for scheme in (DZ.IndustryScheme, DZ.StrategyScheme):
        members = set(g.subjects(SKOS.inScheme, scheme))
        for node in members:
            assert sorted(LANGS) == langs(node, SKOS.prefLabel), node
            assert re.fullmatch(r"[a-z0-9-]+", str(node).rsplit("/", 1)[-1]), node
            broader = set(g.objects(node, SKOS.broader))
            assert broader <= members, node
            assert bool(broader) != ((node, SKOS.topConceptOf, scheme) in g), node
            ancestors = {a for b in broader for a in g.transitive_objects(b, SKOS.broader)}
            assert node not in ancestors, f"skos:broader cycle through {node}"


def test_strategy_scheme() -> None:
    g = onto()
    expected = {
        "yellow-river": ("黃河流域生態保護和高質量發展", {"黃河重大國家戰略", "黃河流域"}),
        "beijing-tianjin-hebei": ("京津冀協同發展", {"京津冀"}),
        "provincial-capital-economic-circle": ("省會經濟圈一體化發展", {"省會經濟圈", "濟南都市圈"}),
    }
    for slug, (name, alts) in expected.items():
        node = concept(STRATEGY, slug)
        assert (node, RDF.type, DZ.Strategy) in g and (node, SKOS.inScheme, DZ.StrategyScheme) in g
        assert pref(node, "zh-Hant") == name
        assert alts <= {str(o) for o in g.objects(node, SKOS.altLabel)}, slug


# ---------------------------------------------------------------- ontodoc

EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)


def test_ontodoc_is_offline_and_complete() -> None:
    page = render_ontology_html(paths.ontology_file())
    assert not EXTERNAL.search(page)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "@import" not in page and "url(" not in page
    for term in ("City", "MetricObservation", "rank", "valueInBaseUnit", "FlagScheme", "IndustryScheme"):
        assert f'id="{term}"' in page, term
    assert "生物製造" in page and "生物制造" in page and "Biomanufacturing" in page
    assert page == render_ontology_html(paths.ontology_file())


def test_ontodoc_escapes_hostile_labels(tmp_path: Path) -> None:
    hostile = '<script src="http://evil.example/x.js"></script><img src=x onerror="alert(1)">'
    ttl = tmp_path / "hostile.ttl"
    ttl.write_text(
        paths.ontology_file().read_text(encoding="utf-8")
        + f'\ndz:Hostile a owl:Class ; rdfs:label """{hostile}"""@en ; '
        f'skos:definition "a & b < c"@en ; rdfs:isDefinedBy <https://w3id.org/dzkg/ontology> .\n',
        encoding="utf-8",
    )
    page = render_ontology_html(ttl)
    assert "<script" not in page and "<img" not in page and not EXTERNAL.search(page)
    assert "&lt;script src=&quot;http://evil.example/x.js&quot;&gt;" in page
    assert "a &amp; b &lt; c" in page


def test_write_ontology_html_is_atomic_utf8(tmp_path: Path) -> None:
    out = tmp_path / "site" / "ontology.html"
    assert write_ontology_html(paths.ontology_file(), out) == out
    assert out.read_text(encoding="utf-8") == render_ontology_html(paths.ontology_file())
    assert sorted(p.name for p in out.parent.iterdir()) == ["ontology.html"]
