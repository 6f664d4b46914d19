"""Consumer: the interactive network view — one self-contained, offline HTML file.

Where it sits: after the store (DESIGN.md §1), reading a built graph through `dzkg.sparql`. `network()` builds
the entity network with networkx from SPARQL (also for `dzkg.export`, `dzkg.network`, `dzkg.notebook`);
observations are not nodes: each is listed, with its sentence and the number marked, in the panel of the
indicator, programme and area it describes. Positions come from networkx (physics off in the page); above
AGGREGATE_ABOVE entities the page starts with the most central ones and expands on demand.
Safety: vis-network is inlined from the installed pyvis (no CDN, no fonts, a CSP that allows nothing outside the
file); briefing strings travel as JSON in a <script type="application/json"> block with <, > and & escaped, and
the page writes them with textContent only (never innerHTML, never a vis `title`: vis renders it as HTML).
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from dzkg.atomic import write_text
from dzkg.errors import DzkgError
from dzkg.namespace import PREFIXES
from dzkg.sparql import run

ENTITY_CLASSES = (
    "City", "County", "District", "CountyLevelCity", "Province", "Country", "Park", "Place", "PolicyDocument", "Strategy", "Programme",
    "Designation", "Project", "Enterprise", "Organization", "Industry", "IndustryChain", "IndustryCluster", "Indicator",
)  # fmt: skip
"""The classes drawn as nodes (in order of preference when an entity has several: the generic ones last)."""
STYLE = {  # colour and shape by class (shapes whose label sits outside, so long names do not blow up the node)
    "City": ("#d62728", "star"), "County": ("#ff7f0e", "triangle"), "District": ("#ff7f0e", "triangle"), "CountyLevelCity": ("#ff7f0e", "triangle"),
    "Province": ("#8c564b", "star"), "Country": ("#8c564b", "star"), "Park": ("#bcbd22", "triangleDown"), "Place": ("#b0b0b0", "triangleDown"),
    "PolicyDocument": ("#1f77b4", "square"), "Strategy": ("#9467bd", "diamond"), "Programme": ("#7f7f7f", "hexagon"), "Designation": ("#ffbb78", "diamond"),
    "Project": ("#aec7e8", "square"), "Enterprise": ("#e377c2", "square"), "Organization": ("#f7b6d2", "square"), "Industry": ("#2ca02c", "dot"),
    "IndustryChain": ("#98df8a", "dot"), "IndustryCluster": ("#17becf", "hexagon"), "Indicator": ("#c9c94f", "dot"),
}  # fmt: skip
AGGREGATE_ABOVE = 1500
"""Above this many entities the view starts with the INITIAL_TOP most central ones and expands on demand."""
INITIAL_TOP = 300
MAX_FACTS, MAX_MENTIONS = 60, 12
"""Per node in the detail panel (the panel says how many more there are)."""
_PREFER = {name: i for i, name in enumerate(ENTITY_CLASSES)} | {"Place": 90, "Organization": 91}
_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
_CLASSES = " ".join(f"dz:{c}" for c in ENTITY_CLASSES)
_LANGS = "".join(
    f'OPTIONAL {{ ?x {{P}} ?{k} FILTER(langMatches(lang(?{k}), "{t}")) }} '
    for k, t in (("hant", "zh-Hant"), ("hans", "zh-Hans"), ("en", "en"))
)
# Few joins per query and no strings repeated per row: Oxigraph answers these at corpus scale in seconds.
_ENTITIES = f"""SELECT ?x ?class ?hant ?hans ?en WHERE {{ VALUES ?class {{ {_CLASSES} }} ?x a ?class .
  FILTER(STRSTARTS(STR(?x), "https://w3id.org/dzkg/id/")) {_LANGS.replace("{P}", "skos:prefLabel")} }}"""
_EDGES = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?class {{ {_CLASSES} }} VALUES ?oclass {{ {_CLASSES} }}
  ?s a ?class ; ?p ?o . ?o a ?oclass . FILTER(?p != prov:wasDerivedFrom) }}"""
_LABELS = f"""SELECT ?x ?hant ?hans ?en ?plain WHERE {{ VALUES ?x {{ {{IRIS}} }}
  {_LANGS.replace("{P}", "rdfs:label|skos:prefLabel")} OPTIONAL {{ ?x rdfs:label ?plain FILTER(lang(?plain) = "") }} }}"""
_OBSERVATIONS = """SELECT ?obs ?span ?subject ?value ?indicator ?programme ?area ?unit ?period ?ptext ?stat ?rank ?scope ?change_of
WHERE { ?obs a dz:MetricObservation ; dz:subjectText ?subject ; sdmx-measure:obsValue ?value ; prov:wasDerivedFrom ?span .
  OPTIONAL { ?obs dz:indicator ?indicator } OPTIONAL { ?obs dz:programme ?programme } OPTIONAL { ?obs sdmx-dimension:refArea ?area }
  OPTIONAL { ?obs sdmx-attribute:unitMeasure ?unit } OPTIONAL { ?obs sdmx-dimension:refPeriod ?period }
  OPTIONAL { ?obs dz:periodText ?ptext } OPTIONAL { ?obs dz:statType ?stat } OPTIONAL { ?obs dz:rank ?rank }
  OPTIONAL { ?obs dz:rankScope ?scope } OPTIONAL { ?obs dz:changeOf ?change_of } }"""
_MENTIONS = f"""SELECT ?x ?span WHERE {{ VALUES ?class {{ {_CLASSES} }} ?x a ?class ; prov:wasDerivedFrom ?span }}"""
_SPANS = f"""SELECT ?span ?start ?end ?sent WHERE {{ {{ SELECT DISTINCT ?span WHERE {{
  VALUES ?class {{ {_CLASSES} dz:MetricObservation }} ?x a ?class ; prov:wasDerivedFrom ?span }} }}
  ?span oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end . OPTIONAL {{ ?span dz:inSentence ?sent }} }}"""
_SENTENCES = """SELECT ?sent ?start ?text ?src WHERE { { SELECT DISTINCT ?sent WHERE { ?span dz:inSentence ?sent } }
  ?sent oa:hasSelector ?pos , ?quote . ?pos oa:start ?start . ?quote oa:exact ?text .
  OPTIONAL { ?sent oa:hasSource ?src } }"""
_LONE_SPANS = """SELECT ?span ?text ?src WHERE { { SELECT DISTINCT ?span WHERE { ?x prov:wasDerivedFrom ?span
  FILTER NOT EXISTS { ?span dz:inSentence ?any } } } ?span oa:hasSelector/oa:exact ?text .
  OPTIONAL { ?span oa:hasSource ?src } }"""
_BRIEFINGS = """SELECT ?b ?id ?title ?publisher ?issued WHERE { ?b a dz:Briefing ; dct:identifier ?id .
  OPTIONAL { ?b eli:title ?title } OPTIONAL { ?b dct:publisher ?publisher } OPTIONAL { ?b dct:issued ?issued } }"""


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def network(store: ox.Store) -> nx.MultiDiGraph:
    """The entity network: one node per entity (cls, hant, hans, en; facts and area_facts: the observations it is
    the indicator/programme or the area of; mentions: its spans in their sentences), one edge per relation between
    two entities (label, p), plus `measured in` edges from an indicator to the areas of its figures."""

    def q(text: str) -> list[dict[str, str]]:
        return run(store, _PREFIXES + text).dicts()

    def labels(iris: set[str]) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for chunk in (sorted(iris)[i : i + 500] for i in range(0, len(iris), 500)):
            found.update((r["x"], r) for r in q(_LABELS.replace("{IRIS}", " ".join(f"<{i}>" for i in chunk))))
        return found

    graph = nx.MultiDiGraph()
    for row in sorted(q(_ENTITIES), key=lambda r: (r["x"], _PREFER[_local(r["class"])])):
        if row["x"] not in graph:
            names = {"hant": row["hant"] or row["hans"], "hans": row["hans"] or row["hant"], "en": row["en"]}
            graph.add_node(row["x"], cls=_local(row["class"]), **names, facts=[], area_facts=[], mentions=[])
    triples = sorted(
        (r["s"], r["p"], r["o"]) for r in q(_EDGES) if r["s"] in graph and r["o"] in graph and r["s"] != r["o"]
    )
    names = labels({p for _, p, _ in triples})
    for s, p, o in triples:
        name = names.get(p, {})
        label = name.get("en") or _local(p)
        graph.add_edge(s, o, label=label, p=_local(p), hant=name.get("hant") or label, hans=name.get("hans") or label)
    briefings = {r["b"]: r for r in q(_BRIEFINGS)}
    sentences = {r["sent"]: (int(r["start"]), r["text"], r["src"]) for r in q(_SENTENCES)}
    lone = {r["span"]: r for r in q(_LONE_SPANS)}
    spans: dict[str, dict[str, object]] = {}
    for r in q(_SPANS):  # a span in its sentence: text[a:b] is the span
        alone = lone.get(r["span"], {})
        start, text, src = sentences.get(r["sent"]) or (int(r["start"]), alone.get("text", ""), alone.get("src"))
        doc = briefings[src]["id"] if src in briefings else ""
        spans[r["span"]] = {
            "doc": doc,
            "start": int(r["start"]),
            "sentence": text,
            "a": int(r["start"]) - start,
            "b": int(r["end"]) - start,
        }
    rows = sorted(
        (r for r in q(_OBSERVATIONS) if r["span"] in spans),
        key=lambda r: (r["obs"], spans[r["span"]]["doc"], spans[r["span"]]["start"]),
    )
    names = labels({r[k] for r in rows for k in ("unit", "period", "stat", "scope") if r[k]})
    facts: dict[str, dict[str, object]] = {}
    for r in rows:
        if r["obs"] in facts:  # one observation stated twice: shown at its first mention
            continue
        name = {k: names.get(r[k], {}) for k in ("unit", "period", "stat", "scope")}
        period = name["period"].get("plain") or ""
        fact = facts[r["obs"]] = {
            "subject": r["subject"], "value": r["value"], "rank": r["rank"], "change_of": r["change_of"], "changes": [],
            "unit": name["unit"].get("hant") or _local(r["unit"]), "unit_en": name["unit"].get("en"),
            "stat": name["stat"].get("hant"), "stat_en": name["stat"].get("en"), "scope": name["scope"].get("hant"),
            "period": " ".join(p for p in (r["ptext"], period and f"({period})") if p), **spans[r["span"]],
        }  # fmt: skip
        if (
            r["area"] in graph
            and r["indicator"] in graph
            and not graph.has_edge(r["indicator"], r["area"], "measured in")
        ):
            graph.add_edge(
                r["indicator"], r["area"], "measured in", label="measured in", hant="測量地區", hans="测量地区"
            )
        for role in ("indicator", "programme", "area"):
            if r[role] in graph:
                graph.nodes[r[role]]["area_facts" if role == "area" else "facts"].append(fact)
    for fact in facts.values():
        if fact["change_of"] in facts:
            facts[fact["change_of"]]["changes"].append(f"{fact['value']} {fact['unit']} ({fact['stat']})")  # type: ignore[union-attr]
    for r in sorted(
        (r for r in q(_MENTIONS) if r["x"] in graph and r["span"] in spans),
        key=lambda r: (spans[r["span"]]["doc"], spans[r["span"]]["start"]),
    ):
        graph.nodes[r["x"]]["mentions"].append(spans[r["span"]])
    for node, data in graph.nodes(data=True):  # a designation has no name of its own: holder → programme year
        if data["cls"] == "Designation" and not data["hant"]:
            ends = {d.get("p"): graph.nodes[o] for _, o, d in graph.out_edges(node, data=True)}
            for key in ("hant", "hans", "en"):
                data[key] = " → ".join(
                    filter(
                        None, (e.get(key) or e.get("hant") for e in (ends.get("holder"), ends.get("programme")) if e)
                    )
                ) or _local(node)
    keep = ("id", "title", "publisher", "issued")
    graph.graph["briefings"] = [{k: b[k] for k in keep} for b in sorted(briefings.values(), key=lambda b: b["id"])]
    return graph


def select(
    graph: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1, classes: list[str] | None = None
) -> nx.MultiDiGraph:
    """The part of the network to draw: only `classes` (names of ENTITY_CLASSES, any case), then with `focus`
    (an entity IRI or exact label) the entities within `depth` relations of it."""
    if classes:
        known = {c.lower(): c for c in ENTITY_CLASSES}
        if unknown := [c for c in classes if c.lower() not in known]:
            raise DzkgError(f"unknown class {', '.join(unknown)} (one of {', '.join(ENTITY_CLASSES)})")
        keep = {known[c.lower()] for c in classes}
        graph = graph.subgraph([n for n, d in graph.nodes(data=True) if d["cls"] in keep]).copy()
    if focus is not None:
        if depth < 0:
            raise DzkgError(f"--depth must be 0 or more, not {depth}")
        by_label = sorted(n for n, d in graph.nodes(data=True) if focus in (d["hant"], d["hans"], d["en"]))
        if not (hits := [focus.strip("<>")] if focus.strip("<>") in graph else by_label):
            raise DzkgError(f"no entity {focus!r} in the view (give an entity IRI or its exact label)")
        graph = graph.subgraph(
            nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), hits[0], cutoff=depth)
        ).copy()
        graph.graph["focus"] = hits[0]
    return graph


def _rings(count: int) -> list[tuple[float, int]]:
    """Rings of `count` leaves around their hub, inside out: (radius, how many on it)."""
    rings: list[tuple[float, int]] = []
    while count > 0:
        radius = 120 + 75 * len(rings)
        rings.append((radius, min(count, int(2 * math.pi * radius / 65))))
        count -= rings[-1][1]
    return rings


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in pixels, computed once here (the page starts with physics off). Leaves (entities with one
    relation, such as most indicators) go on rings around the entity they hang from; connected components are
    laid out one by one (`_block`) and packed on a spiral, largest in the middle, lone entities in a grid."""
    hubs: dict[str, list[str]] = {}
    for node in graph:
        if graph.degree(node) == 1 and graph.degree(hub := next(iter(graph[node]))) > 1:
            hubs.setdefault(hub, []).append(node)
    room = {hub: _rings(len(leaves))[-1][0] + 90 for hub, leaves in hubs.items()}
    core = graph.subgraph(n for n in graph if not (graph.degree(n) == 1 and next(iter(graph[n])) in hubs))
    parts = sorted((sorted(c) for c in nx.connected_components(core)), key=lambda c: (-len(c), c[0]))
    singles = [c[0] for c in parts if len(c) == 1 and c[0] not in room]
    blocks = [_block(_ordered(core, c), room) for c in parts if len(c) > 1 or c[0] in room]
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        grid = {
            n: ((i % side - (side - 1) / 2) * 110, (i // side - (side - 1) / 2) * 60) for i, n in enumerate(singles)
        }
        blocks.append((grid, 60 * side))
    positions = _pack(blocks)
    for hub, leaves in hubs.items():
        (hx, hy), done = positions[hub], 0
        for ring, (radius, count) in enumerate(_rings(len(leaves))):
            for i, leaf in enumerate(leaves[done : done + count]):
                angle = 2 * math.pi * i / count + ring * 0.4
                positions[leaf] = (hx + radius * math.cos(angle), hy + radius * math.sin(angle))
            done += count
    return positions


def _ordered(graph: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on `nodes` as a new graph with nodes and edges in sorted order: a subgraph view iterates in
    set order, which changes with PYTHONHASHSEED and would move the seeded layouts."""
    part = nx.Graph()
    part.add_nodes_from(sorted(nodes))
    part.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(nodes).edges()))
    return part


def _block(graph: nx.Graph, room: dict[str, float]) -> tuple[dict[str, tuple[float, float]], float]:
    """One connected part, as (positions around 0, radius): a spring layout up to 400 nodes, spread so that no
    other node falls inside a hub's rings of leaves; larger parts are split into Louvain communities (fixed
    seed), each laid out on its own and packed (networkx's spring layout needs SciPy from 500 nodes on)."""
    if len(graph) == 1:
        return {next(iter(graph)): (0.0, 0.0)}, room.get(next(iter(graph)), 60.0)
    groups = (
        [sorted(graph)]
        if len(graph) <= 400
        else sorted((sorted(c) for c in nx.community.louvain_communities(graph, seed=7)), key=lambda c: (-len(c), c[0]))
    )
    if len(groups) > 1:
        return _pack([_block(_ordered(graph, c), room) for c in groups]), 0.0
    if len(graph) <= 400:
        pos = {
            n: (float(x), float(y))
            for n, (x, y) in nx.spring_layout(graph, seed=7, k=2 / math.sqrt(len(graph)), iterations=100).items()
        }
    else:  # no community structure to split on: shells by degree
        ranked = sorted(graph, key=lambda n: (-graph.degree(n), n))
        pos = {
            n: (float(x), float(y))
            for n, (x, y) in nx.shell_layout(graph, nlist=[ranked[:20], ranked[20:200], ranked[200:]]).items()
        }
    scale = base = 45 * math.sqrt(len(graph))
    for hub in (h for h in graph if h in room):  # at most 8 times wider than without leaves
        nearest = min(math.dist(pos[hub], pos[n]) for n in graph if n != hub)
        scale = min(max(scale, room[hub] / max(nearest, 1e-9)), 8 * base)
    spread = {n: (x * scale, y * scale) for n, (x, y) in pos.items()}
    return spread, max(math.hypot(*p) + room.get(n, 60.0) for n, p in spread.items())


def _pack(blocks: list[tuple[dict[str, tuple[float, float]], float]]) -> dict[str, tuple[float, float]]:
    """Blocks (positions around 0, radius; radius 0: measure it) on a golden-angle spiral, from the middle out."""
    positions: dict[str, tuple[float, float]] = {}
    area = 0.0
    for index, (local, radius) in enumerate(blocks):
        radius = radius or max(math.hypot(*p) for p in local.values()) + 60
        distance = math.sqrt(area / math.pi) + (radius if index else 0)
        cx, cy = distance * math.cos(index * 2.39996), distance * math.sin(index * 2.39996)
        area += math.pi * (radius * 1.1) ** 2
        positions.update({n: (cx + x, cy + y) for n, (x, y) in local.items()})
    return positions


def vis_data(
    graph: nx.MultiDiGraph, *, aggregate_above: int = AGGREGATE_ABOVE, initial_top: int = INITIAL_TOP
) -> dict[str, object]:
    """The page's data: nodes (labels, class, position, size by degree centrality, facts and mentions as indexes
    into shared tables), edges, the briefings, the style, and the nodes to show first when aggregated."""
    simple = nx.Graph(sorted((s, o) for s, o in graph.edges() if s != o))
    simple.add_nodes_from(sorted(graph))
    centrality = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 1.0)
    top = max(centrality.values(), default=1.0) or 1.0
    positions = _layout(simple)
    sentences: dict[str, int] = {}
    facts: list[dict[str, object]] = []
    fact_index: dict[int, int] = {}

    def place(item: dict[str, object]) -> list[object]:  # [sentence index, start, end, briefing]
        return [sentences.setdefault(str(item["sentence"]), len(sentences)), item["a"], item["b"], item["doc"]]

    def fact_id(fact: dict[str, object]) -> int:
        if id(fact) not in fact_index:
            fact_index[id(fact)] = len(facts)
            keep = ("subject", "value", "unit", "unit_en", "period", "stat", "stat_en", "rank", "scope", "changes")
            facts.append({k: fact[k] for k in keep} | {"at": place(fact)})
        return fact_index[id(fact)]

    nodes = []
    for node in sorted(graph):
        data = graph.nodes[node]
        color, shape = STYLE.get(data["cls"], ("#b0b0b0", "dot"))
        x, y = positions.get(node, (0.0, 0.0))
        own = list({id(f): f for f in data["facts"] + data["area_facts"]}.values())
        nodes.append(
            {"id": node, "cls": data["cls"], "hant": data["hant"], "hans": data["hans"], "en": data["en"],
             "color": color, "shape": shape, "size": round(8 + 30 * math.sqrt(centrality.get(node, 0.0) / top), 1),
             "centrality": round(centrality.get(node, 0.0), 5), "x": round(x, 1), "y": round(y, 1),
             "facts": [fact_id(f) for f in own[:MAX_FACTS]], "more_facts": max(0, len(own) - MAX_FACTS),
             "mentions": [place(m) for m in data["mentions"][:MAX_MENTIONS]],
             "more_mentions": max(0, len(data["mentions"]) - MAX_MENTIONS)}
        )  # fmt: skip
    edges = [
        {"from": s, "to": o, "label": d["label"], "hant": d.get("hant", d["label"]), "hans": d.get("hans", d["label"])}
        for s, o, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))
    ]
    ranked = sorted(graph, key=lambda n: (-centrality.get(n, 0.0), n))[:initial_top] + (
        [graph.graph["focus"]] if "focus" in graph.graph else []
    )
    initial = sorted(set(ranked)) if len(nodes) > aggregate_above else None
    return {
        "nodes": nodes, "edges": edges, "facts": facts, "sentences": list(sentences), "initial": initial,
        "briefings": graph.graph.get("briefings", []), "style": {k: list(v) for k, v in STYLE.items()},
        "focus": graph.graph.get("focus"),
    }  # fmt: skip


def _page() -> str:
    """The page template (view_page.html beside this module): markup, style and script, with /*…*/ slots."""
    return (Path(__file__).parent / "view_page.html").read_text(encoding="utf-8")


def _asset(name: str) -> str:  # from the installed pyvis, located without importing it (0.3 s)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise DzkgError("pyvis is not installed (it ships the vis-network script the view inlines)")
    return (Path(spec.origin).parent / "templates" / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _json_for_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(data: dict[str, object], *, lang: str = "zh-Hant", prefix: str = "dzkg") -> str:
    """The HTML page. `prefix` starts every element id (several views can share one document)."""
    if lang not in ("zh-Hant", "zh-Hans", "en"):
        raise DzkgError(f"unknown label language {lang!r} (zh-Hant, zh-Hans or en)")
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,40}", prefix):
        raise DzkgError(f"bad element id prefix {prefix!r}")
    script = _asset("vis-network.min.js").replace("</script", "<\\/script")
    page = _page().replace("/*PREFIX*/", prefix).replace("/*VIS_CSS*/", _asset("vis-network.css"))
    return (
        page.replace("/*LANG*/", json.dumps(lang))
        .replace("/*DATA*/", _json_for_script(data))
        .replace("/*VIS_JS*/", script)
    )


def write_view(store: ox.Store, output: Path, *, lang: str = "zh-Hant", focus: str | None = None, depth: int = 1,
               classes: list[str] | None = None) -> dict[str, int]:  # fmt: skip
    """Write the view of a store as one UTF-8 HTML file, atomically; returns its size {nodes, edges}."""
    data = vis_data(select(network(store), focus=focus, depth=depth, classes=classes))
    write_text(Path(output), render(data, lang=lang))
    return {"nodes": len(data["nodes"]), "edges": len(data["edges"])}  # type: ignore[arg-type]
