"""Shared vocabulary: the closed dz: namespace and the reused W3C/EU vocabularies.

Sits below every stage that writes or reads RDF (used by triples, check, query, view, export). `DZ` is a
closed rdflib `DefinedNamespace` (`_fail = True`), so a typo such as `DZ.Citty` raises instead of minting a
new IRI; tests/test_ontology.py keeps its terms equal to the dz: terms declared in ontology/dzkg.ttl.
Individuals live under `DZID` and are minted only by `dzkg.iri`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "DCAT",
    "DCT",
    "DZ",
    "DZID",
    "ELI",
    "OA",
    "ORG",
    "PREFIXES",
    "PROV",
    "QB",
    "QUDT",
    "ROV",
    "SCHEMA",
    "SDMX_ATTR",
    "SDMX_DIM",
    "SDMX_MEASURE",
    "SKOS",
    "TIME",
    "UNIT",
]


class DZ(DefinedNamespace):
    """The dzkg ontology (https://w3id.org/dzkg/ontology#): classes, properties and SKOS code lists."""

    _NS = Namespace("https://w3id.org/dzkg/ontology#")
    _fail = True

    # Classes
    AdministrativeArea: URIRef
    Briefing: URIRef
    BuildActivity: URIRef
    City: URIRef
    Country: URIRef
    County: URIRef
    CountyLevelCity: URIRef
    Designation: URIRef
    District: URIRef
    DocumentPart: URIRef
    Enterprise: URIRef
    Indicator: URIRef
    Industry: URIRef
    IndustryChain: URIRef
    IndustryCluster: URIRef
    MetricObservation: URIRef
    Organization: URIRef
    Park: URIRef
    Period: URIRef
    Place: URIRef
    PolicyDocument: URIRef
    Programme: URIRef
    Project: URIRef
    Province: URIRef
    Section: URIRef
    Strategy: URIRef

    # Object properties
    aboutPlace: URIRef
    baseUnit: URIRef
    category: URIRef
    chainOf: URIRef
    changeOf: URIRef
    flag: URIRef
    hasPart: URIRef
    holder: URIRef
    indicator: URIRef
    inIndustry: URIRef
    inSection: URIRef
    inSentence: URIRef
    level: URIRef
    locatedIn: URIRef
    mentionedIn: URIRef
    polarity: URIRef
    programme: URIRef
    rankScope: URIRef
    sectionOf: URIRef
    servesStrategy: URIRef
    statType: URIRef

    # Datatype properties
    characterCount: URIRef
    clauseEnd: URIRef
    clauseStart: URIRef
    clauseText: URIRef
    count: URIRef
    headingLevel: URIRef
    partType: URIRef
    periodText: URIRef
    rank: URIRef
    sha256: URIRef
    softwareVersion: URIRef
    subjectText: URIRef
    valueInBaseUnit: URIRef
    valueMax: URIRef
    year: URIRef

    # SKOS concept schemes
    DesignationCategoryScheme: URIRef
    DocumentTypeScheme: URIRef
    FlagScheme: URIRef
    IndicatorScheme: URIRef
    IndustryScheme: URIRef
    LevelScheme: URIRef
    PolarityScheme: URIRef
    StatTypeScheme: URIRef
    StrategyScheme: URIRef

    # concepts of dz:LevelScheme
    LevelCounty: URIRef
    LevelMunicipal: URIRef
    LevelNational: URIRef
    LevelProvincial: URIRef

    # concepts of dz:StatTypeScheme
    StatChangeAbsolute: URIRef
    StatChangePoints: URIRef
    StatChangeRelative: URIRef
    StatCompletionRate: URIRef
    StatCount: URIRef
    StatLevel: URIRef
    StatRankOnly: URIRef
    StatShare: URIRef

    # concepts of dz:PolarityScheme
    HigherIsBetter: URIRef
    LowerIsBetter: URIRef
    Neutral: URIRef

    # concepts of dz:FlagScheme
    FlagApprox: URIRef
    FlagChineseNumeral: URIRef
    FlagDuration: URIRef
    FlagEstimate: URIRef
    FlagHeadline: URIRef
    FlagLowerBound: URIRef
    FlagOrdinal: URIRef
    FlagRange: URIRef
    FlagRankOnly: URIRef
    FlagTarget: URIRef

    # concepts of dz:DesignationCategoryScheme
    CatCertification: URIRef
    CatDemonstration: URIRef
    CatExcellentCase: URIRef
    CatFrontrunner: URIRef
    CatKeyProject: URIRef
    CatModel: URIRef
    CatPilot: URIRef

    # concepts of dz:DocumentTypeScheme
    DocActionPlan: URIRef
    DocBriefing: URIRef
    DocCampaignPlan: URIRef
    DocCooperationAgreement: URIRef
    DocImplementationOpinion: URIRef
    DocNotice: URIRef
    DocOther: URIRef
    DocPlan: URIRef
    DocPolicyMeasures: URIRef
    DocWorkGuideline: URIRef
    DocWorkLedger: URIRef
    DocWorkPoints: URIRef


DZID = Namespace("https://w3id.org/dzkg/id/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
SCHEMA = Namespace("https://schema.org/")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES: dict[str, str] = {
    "dz": str(DZ),
    "dzid": str(DZID),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTR),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "oa": str(OA),
    "prov": str(PROV),
    "eli": str(ELI),
    "org": str(ORG),
    "rov": str(ROV),
    "schema": str(SCHEMA),
    "dct": str(DCT),
    "dcat": str(DCAT),
    "time": str(TIME),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}
"""Prefix → namespace IRI for binding graphs and writing query prologues (the prefixes of docs/model.md)."""
