"""Consumer: the interactive network view — one self-contained, offline HTML file.

Where it sits: after the store (DESIGN.md §1); it reads a built graph through `dzkg.sparql` only. `network()`
builds the entity network with networkx from SPARQL (also used by `dzkg.export` and `dzkg.network`);
observations are not nodes: each appears in the detail panel of the indicator, programme and area it describes,
with its sentence and the number highlighted. Positions are computed here (networkx), so the page starts with
physics off; above `AGGREGATE_ABOVE` entities the page first shows the most central ones and expands on demand.

Safety: vis-network is inlined from the installed pyvis package (no CDN, no fonts from the network, a
Content-Security-Policy that allows nothing outside the file); every briefing string travels as JSON inside a
<script type="application/json"> block with <, > and & escaped, and the page writes text with textContent only
(never innerHTML, never a vis `title`, which vis-network renders as HTML on hover).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from dzkg.atomic import write_text
from dzkg.errors import DzkgError
from dzkg.sparql import run

ENTITY_CLASSES = (
    "City", "County", "District", "CountyLevelCity", "Province", "Country", "Park", "Place", "PolicyDocument",
    "Strategy", "Programme", "Designation", "Project", "Enterprise", "Organization", "Industry", "IndustryChain",
    "IndustryCluster", "Indicator",
)  # fmt: skip
"""The classes drawn as nodes (in order of preference when an entity has several: the generic ones last)."""
STYLE = {
    "City": ("#d62728", "star"), "County": ("#ff7f0e", "triangle"), "District": ("#ff7f0e", "triangle"),
    "CountyLevelCity": ("#ff7f0e", "triangle"), "Province": ("#8c564b", "star"), "Country": ("#8c564b", "star"),
    "Park": ("#bcbd22", "triangleDown"), "Place": ("#b0b0b0", "triangleDown"), "PolicyDocument": ("#1f77b4", "square"),
    "Strategy": ("#9467bd", "diamond"), "Programme": ("#7f7f7f", "hexagon"), "Designation": ("#ffbb78", "diamond"),
    "Project": ("#aec7e8", "square"), "Enterprise": ("#e377c2", "square"), "Organization": ("#f7b6d2", "square"),
    "Industry": ("#2ca02c", "dot"), "IndustryChain": ("#98df8a", "dot"), "IndustryCluster": ("#17becf", "hexagon"),
    "Indicator": ("#c9c94f", "dot"),
}  # fmt: skip
AGGREGATE_ABOVE = 1500
"""Above this many entities the view starts with the INITIAL_TOP most central ones and expands on demand."""
INITIAL_TOP = 300
MAX_FACTS = 60
MAX_MENTIONS = 12
"""Per node in the detail panel (the panel says how many more there are)."""
_PREFER = {name: i for i, name in enumerate(ENTITY_CLASSES)} | {"Place": 90, "Organization": 91}
_PREFIXES = """PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
"""
_CLASSES = " ".join(f"dz:{c}" for c in ENTITY_CLASSES)
_VALUES = f"VALUES ?class {{ {_CLASSES} }}"
_LABELS = """OPTIONAL { ?{v} {p} ?hant FILTER(langMatches(lang(?hant), "zh-Hant")) }
  OPTIONAL { ?{v} {p} ?hans FILTER(langMatches(lang(?hans), "zh-Hans")) }
  OPTIONAL { ?{v} {p} ?en FILTER(langMatches(lang(?en), "en")) }"""
_ENTITIES = f"""SELECT ?node ?class ?hant ?hans ?en WHERE {{ {_VALUES} ?node a ?class .
  FILTER(STRSTARTS(STR(?node), "https://w3id.org/dzkg/id/"))
  {_LABELS.replace("{v}", "node").replace("{p}", "skos:prefLabel")} }} ORDER BY ?node ?class"""
_EDGES = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ {_VALUES} VALUES ?oclass {{ {_CLASSES} }}
  ?s a ?class ; ?p ?o . ?o a ?oclass . FILTER(?p != prov:wasDerivedFrom) }} ORDER BY ?s ?p ?o"""
_PREDICATES = f"""SELECT ?p ?hant ?hans ?en WHERE {{ VALUES ?p {{ {{P}} }}
  {_LABELS.replace("{v}", "p").replace("{p}", "rdfs:label")} }}"""
_DESIGNATIONS = """SELECT ?d ?year WHERE { ?d a dz:Designation ; dz:year ?year }"""
_SENTENCE = """OPTIONAL { ?span dz:inSentence ?sent . ?sent oa:hasSelector ?sp , ?sq . ?sp oa:start ?sstart . ?sq oa:exact ?sentence }
  OPTIONAL { ?span oa:hasSource/dct:identifier ?doc }"""
_FACTS = f"""SELECT ?obs ?indicator ?programme ?area ?subject ?value ?unit ?unit_en ?period ?ptext ?stat ?stat_en ?rank
       ?scope ?change_of ?start ?end ?exact ?sstart ?sentence ?doc WHERE {{
  ?obs a dz:MetricObservation ; dz:subjectText ?subject ; sdmx-measure:obsValue ?value ; prov:wasDerivedFrom ?span .
  OPTIONAL {{ ?obs dz:indicator ?indicator }} OPTIONAL {{ ?obs dz:programme ?programme }}
  OPTIONAL {{ ?obs sdmx-dimension:refArea ?area }} OPTIONAL {{ ?obs dz:periodText ?ptext }}
  OPTIONAL {{ ?obs sdmx-dimension:refPeriod/rdfs:label ?period }}
  OPTIONAL {{ ?obs sdmx-attribute:unitMeasure/rdfs:label ?unit FILTER(langMatches(lang(?unit), "zh-Hant")) }}
  OPTIONAL {{ ?obs sdmx-attribute:unitMeasure/rdfs:label ?unit_en FILTER(langMatches(lang(?unit_en), "en")) }}
  OPTIONAL {{ ?obs dz:statType/rdfs:label ?stat FILTER(langMatches(lang(?stat), "zh-Hant")) }}
  OPTIONAL {{ ?obs dz:statType/rdfs:label ?stat_en FILTER(langMatches(lang(?stat_en), "en")) }}
  OPTIONAL {{ ?obs dz:rank ?rank }} OPTIONAL {{ ?obs dz:changeOf ?change_of }}
  OPTIONAL {{ ?obs dz:rankScope/skos:prefLabel ?scope FILTER(langMatches(lang(?scope), "zh-Hant")) }}
  ?span oa:hasSelector ?pos , ?quote . ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact .
  {_SENTENCE} }} ORDER BY ?obs ?doc ?start"""
_MENTIONS = f"""SELECT ?node ?start ?end ?exact ?sstart ?sentence ?doc WHERE {{ {_VALUES} ?node a ?class ;
  prov:wasDerivedFrom ?span . ?span oa:hasSelector ?pos , ?quote . ?pos oa:start ?start ; oa:end ?end .
  ?quote oa:exact ?exact . {_SENTENCE} }} ORDER BY ?node ?doc ?start"""
_BRIEFINGS = """SELECT ?id ?title ?publisher ?issued WHERE { ?b a dz:Briefing ; dct:identifier ?id .
  OPTIONAL { ?b eli:title ?title } OPTIONAL { ?b dct:publisher ?publisher } OPTIONAL { ?b dct:issued ?issued } } ORDER BY ?id"""


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _mention(row: dict[str, str]) -> dict[str, object]:
    """A span in its sentence: {doc, sentence, a, b} with text[a:b] the span (the sentence may be missing)."""
    sentence, offset = row["sentence"], int(row["sstart"] or 0)
    a, b = int(row["start"]) - offset, int(row["end"]) - offset
    if not sentence or sentence[a:b] != row["exact"]:
        sentence, a, b = row["exact"], 0, len(row["exact"])
    return {"doc": row["doc"], "sentence": sentence, "a": a, "b": b, "quote": row["exact"]}


def network(store: ox.Store) -> nx.MultiDiGraph:
    """The entity network: one node per entity (cls, hant, hans, en, facts, area_facts, mentions), one edge per
    relation between two entities (label), plus `measured in` edges from an indicator to the areas of its figures."""

    def q(text: str) -> list[dict[str, str]]:
        return run(store, _PREFIXES + text).dicts()

    graph = nx.MultiDiGraph()
    for row in q(_ENTITIES):
        node, cls = row["node"], _local(row["class"])
        if node in graph:
            data = graph.nodes[node]
            if _PREFER[cls] < _PREFER[data["cls"]]:
                data["cls"] = cls
            continue
        labels = {"hant": row["hant"] or row["hans"], "hans": row["hans"] or row["hant"], "en": row["en"]}
        graph.add_node(node, cls=cls, **labels, facts=[], area_facts=[], mentions=[])
    triples = [r for r in q(_EDGES) if r["s"] in graph and r["o"] in graph and r["s"] != r["o"]]
    predicates = sorted({r["p"] for r in triples})
    names = {r["p"]: r for r in q(_PREDICATES.replace("{P}", " ".join(f"<{p}>" for p in predicates)))} if predicates else {}
    for r in triples:
        name = names.get(r["p"], {})
        label = name.get("en") or _local(r["p"])
        graph.add_edge(r["s"], r["o"], label=label, p=_local(r["p"]), hant=name.get("hant") or label, hans=name.get("hans") or label)
    years = {r["d"]: r["year"] for r in q(_DESIGNATIONS)}
    for node, data in graph.nodes(data=True):  # designations have no name of their own: holder → programme
        if data["cls"] == "Designation" and not data["hant"]:
            ends = {d.get("p"): graph.nodes[o] for _, o, d in graph.out_edges(node, data=True)}
            holder, programme = ends.get("holder", {}), ends.get("programme", {})
            year = f" {years[node]}" if node in years else ""
            for key in ("hant", "hans", "en"):
                parts = [holder.get(key) or holder.get("hant"), programme.get(key) or programme.get("hant")]
                data[key] = " → ".join(p for p in parts if p) + year or _local(node)
    facts: dict[str, dict[str, object]] = {}
    for row in q(_FACTS):
        key = row["obs"]
        if key in facts:
            continue
        fact: dict[str, object] = {k: row[k] for k in ("obs", "subject", "value", "unit", "unit_en", "rank", "scope")}
        fact |= {"period": " ".join(p for p in (row["ptext"], row["period"] and f"({row['period']})") if p)}
        fact |= {"stat": row["stat"], "stat_en": row["stat_en"], "change_of": row["change_of"], "changes": []}
        facts[key] = fact | _mention(row)
        if row["area"] in graph and row["indicator"] in graph:
            if not graph.has_edge(row["indicator"], row["area"], key="measured in"):
                graph.add_edge(row["indicator"], row["area"], key="measured in", label="measured in", hant="測量地區", hans="测量地区")
        for role in ("indicator", "programme", "area"):
            if row[role] in graph:
                graph.nodes[row[role]]["area_facts" if role == "area" else "facts"].append(facts[key])
    for fact in facts.values():
        if fact["change_of"] in facts:
            facts[fact["change_of"]]["changes"].append(f"{fact['value']} {fact['unit']} ({fact['stat']})")  # type: ignore[union-attr]
    for row in q(_MENTIONS):
        if row["node"] in graph:
            graph.nodes[row["node"]]["mentions"].append(_mention(row))
    graph.graph["briefings"] = q(_BRIEFINGS)
    return graph


def select(graph: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1, classes: list[str] | None = None) -> nx.MultiDiGraph:
    """The part of the network to draw: only `classes` (names of ENTITY_CLASSES, any case), then with `focus`
    (an entity IRI or exact label) the entities within `depth` relations of it."""
    if classes:
        known = {c.lower(): c for c in ENTITY_CLASSES}
        unknown = [c for c in classes if c.lower() not in known]
        if unknown:
            raise DzkgError(f"unknown class {', '.join(unknown)} (one of {', '.join(ENTITY_CLASSES)})")
        keep = {known[c.lower()] for c in classes}
        graph = graph.subgraph([n for n, d in graph.nodes(data=True) if d["cls"] in keep]).copy()
    if focus is not None:
        if depth < 0:
            raise DzkgError(f"--depth must be 0 or more, not {depth}")
        start = focus.strip("<>")
        if start not in graph:
            hits = [n for n, d in graph.nodes(data=True) if focus in (d["hant"], d["hans"], d["en"])]
            if not hits:
                raise DzkgError(f"no entity {focus!r} in the view (give an entity IRI or its exact label)")
            start = sorted(hits)[0]
        near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), start, cutoff=depth)
        graph = graph.subgraph(near).copy()
        graph.graph["focus"] = start
    return graph


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in pixels, computed once here (the page starts with physics off). Up to 400 nodes: one spring
    layout. Larger: Louvain communities (fixed seed), each laid out on its own and packed on a spiral, largest
    in the middle (networkx's spring layout needs SciPy from 500 nodes on, so no community is laid out whole
    when bigger than that: its nodes go on shells by degree)."""
    if len(graph) <= 400:
        if len(graph) < 2:
            return {n: (0.0, 0.0) for n in graph}
        pos = nx.spring_layout(graph, seed=7, k=1.6 / math.sqrt(len(graph)))
        scale = 70 * math.sqrt(len(graph))
        return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}
    groups = sorted((sorted(c) for c in nx.community.louvain_communities(graph, seed=7)), key=lambda c: (-len(c), c[0]))
    singles = [c[0] for c in groups if len(c) == 1]
    groups = [c for c in groups if len(c) > 1] + ([singles] if singles else [])
    positions: dict[str, tuple[float, float]] = {}
    area = 0.0
    for index, members in enumerate(groups):
        radius = 45 * math.sqrt(len(members)) + 40
        sub = graph.subgraph(members)
        if members is singles or sub.number_of_edges() == 0:
            side = math.ceil(math.sqrt(len(members)))
            local = {n: ((i % side - side / 2) * 70 / radius, (i // side - side / 2) * 70 / radius) for i, n in enumerate(members)}
        elif len(members) <= 400:
            local = {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(sub, seed=7).items()}
        else:
            ranked = sorted(members, key=lambda n: (-sub.degree(n), n))
            local = nx.shell_layout(sub, nlist=[ranked[:20], ranked[20:200], ranked[200:]])
        distance = math.sqrt(area / math.pi) * 1.15 + (radius if index else 0)
        cx, cy = distance * math.cos(index * 2.39996), distance * math.sin(index * 2.39996)
        area += math.pi * (radius * 1.15) ** 2
        positions.update({n: (cx + float(x) * radius, cy + float(y) * radius) for n, (x, y) in local.items()})
    return positions


def _fold(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Traditional → simplified characters, taken from the graph's own label pairs, so the page can search
    either script (and a mix) without a converter."""
    fold: dict[str, str] = {}
    for _, data in graph.nodes(data=True):
        hant, hans = data["hant"] or "", data["hans"] or ""
        if len(hant) == len(hans):
            fold.update((t, s) for t, s in zip(hant, hans, strict=True) if t != s)
    return dict(sorted(fold.items()))


def vis_data(graph: nx.MultiDiGraph, *, aggregate_above: int = AGGREGATE_ABOVE, initial_top: int = INITIAL_TOP) -> dict[str, object]:
    """The page's data: nodes (labels, class, position, size by degree centrality, facts and mentions as indexes
    into shared tables), edges, the briefings, the style, and the nodes to show first when aggregated."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((s, o) for s, o in graph.edges() if s != o))
    centrality = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 1.0)
    top = max(centrality.values(), default=1.0) or 1.0
    positions = _layout(simple)
    sentences: dict[str, int] = {}
    facts: list[dict[str, object]] = []
    fact_index: dict[int, int] = {}

    def place(item: dict[str, object]) -> list[object]:
        sentence = str(item["sentence"])
        return [sentences.setdefault(sentence, len(sentences)), item["a"], item["b"], item["doc"]]

    def fact_id(fact: dict[str, object]) -> int:
        if id(fact) not in fact_index:
            fact_index[id(fact)] = len(facts)
            keep = ("subject", "value", "unit", "unit_en", "period", "stat", "stat_en", "rank", "scope", "changes")
            facts.append({k: fact[k] for k in keep} | {"at": place(fact), "of": bool(fact["change_of"])})
        return fact_index[id(fact)]

    nodes = []
    for node in sorted(graph):
        data = graph.nodes[node]
        color, shape = STYLE.get(data["cls"], ("#b0b0b0", "dot"))
        x, y = positions.get(node, (0.0, 0.0))
        mine = {id(f) for f in data["facts"]}
        own = data["facts"] + [f for f in data["area_facts"] if id(f) not in mine]
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
    initial = None
    if len(nodes) > aggregate_above:
        ranked = sorted(graph, key=lambda n: (-centrality.get(n, 0.0), n))[:initial_top]
        initial = sorted({*ranked, *([graph.graph["focus"]] if "focus" in graph.graph else [])})
    return {
        "nodes": nodes, "edges": edges, "facts": facts, "sentences": list(sentences), "initial": initial,
        "briefings": graph.graph.get("briefings", []), "style": {k: list(v) for k, v in STYLE.items()},
        "fold": _fold(graph), "focus": graph.graph.get("focus"),
    }  # fmt: skip


def _asset(name: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


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
    page = _PAGE.replace("/*PREFIX*/", prefix).replace("/*VIS_CSS*/", _asset("vis-network.css"))
    return page.replace("/*LANG*/", json.dumps(lang)).replace("/*DATA*/", _json_for_script(data)).replace("/*VIS_JS*/", script)


def page(store: ox.Store, *, lang: str = "zh-Hant", focus: str | None = None, depth: int = 1,
         classes: list[str] | None = None, prefix: str = "dzkg") -> tuple[str, dict[str, int]]:  # fmt: skip
    """The view of a store as HTML, and its size {nodes, edges}."""
    data = vis_data(select(network(store), focus=focus, depth=depth, classes=classes))
    return render(data, lang=lang, prefix=prefix), {"nodes": len(data["nodes"]), "edges": len(data["edges"])}  # type: ignore[arg-type]


def write_view(store: ox.Store, output: Path, *, lang: str = "zh-Hant", focus: str | None = None, depth: int = 1,
               classes: list[str] | None = None) -> dict[str, int]:  # fmt: skip
    """Write the view as one UTF-8 HTML file, atomically; returns {nodes, edges}."""
    html, size = page(store, lang=lang, focus=focus, depth=depth, classes=classes)
    write_text(Path(output), html)
    return size


_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>dzkg network</title>
<style>/*VIS_CSS*/
html,body{margin:0;height:100%}
.dzkg{display:flex;height:100vh;font:13px system-ui,sans-serif;color:#222}
.dzkg .side{width:380px;overflow:auto;padding:8px 10px;border-right:1px solid #ccc;box-sizing:border-box}
.dzkg .net{flex:1;min-width:0} .dzkg h1{font-size:15px;margin:2px 0 6px} .dzkg h3{margin:8px 0 2px;font-size:14px}
.dzkg .row{display:flex;gap:6px;margin:4px 0} .dzkg input[type=search]{flex:1}
.dzkg .fact{border-bottom:1px solid #eee;padding:4px 0} .dzkg mark{background:#ffe066;padding:0 1px}
.dzkg .muted{color:#777;font-size:11px} .dzkg .legend label{display:inline-block;margin:1px 8px 1px 0;white-space:nowrap}
.dzkg .legend i{display:inline-block;width:10px;height:10px;margin:0 3px;border-radius:2px}
.dzkg .results button,.dzkg .link{display:block;text-align:left;border:0;background:none;color:#1a55b0;cursor:pointer;padding:1px 0;font:inherit}
</style></head><body>
<div class="dzkg" id="/*PREFIX*/-root"><div class="side">
<h1>dzkg</h1><details><summary class="muted" id="/*PREFIX*/-sources"></summary><div id="/*PREFIX*/-briefings"></div></details>
<div class="row"><input type="search" id="/*PREFIX*/-search" placeholder="搜尋 / 搜索 / search">
<select id="/*PREFIX*/-lang"><option value="zh-Hant">繁體</option><option value="zh-Hans">简体</option><option value="en">English</option></select></div>
<div class="results" id="/*PREFIX*/-results"></div>
<div class="row muted" id="/*PREFIX*/-status"></div>
<div class="legend" id="/*PREFIX*/-legend"></div><div class="muted">size: degree centrality · click a node or an edge</div>
<div id="/*PREFIX*/-detail"></div></div>
<div class="net" id="/*PREFIX*/-net"></div></div>
<script>/*VIS_JS*/</script>
<script type="application/json" id="/*PREFIX*/-data">/*DATA*/</script>
<script>
(function(){
const P = '/*PREFIX*/', $ = s => document.getElementById(P + '-' + s);
const data = JSON.parse($('data').textContent);
let lang = /*LANG*/;
const hiddenCls = new Set(), shown = new Set(data.initial || data.nodes.map(n => n.id));
const byId = new Map(data.nodes.map(n => [n.id, n])), adj = new Map(data.nodes.map(n => [n.id, new Set()]));
data.edges.forEach(e => { adj.get(e.from).add(e.to); adj.get(e.to).add(e.from); });
const fold = s => Array.from((s || '').toLowerCase(), c => data.fold[c] || c).join('');
data.nodes.forEach(n => { n.key = [n.hant, n.hans, n.en, n.id].map(fold).join('\\u0001'); });
function name(n){ return (lang === 'en' ? n.en || n.hant : lang === 'zh-Hans' ? n.hans : n.hant) || n.id; }
function short(s){ return s.length > 18 ? s.slice(0, 17) + '…' : s; }
function el(tag, text, cls){ const e = document.createElement(tag); if(text !== undefined) e.textContent = text; if(cls) e.className = cls; return e; }
function hidden(n){ return hiddenCls.has(n.cls) || !shown.has(n.id); }
function visNode(n){ return {id:n.id, label:short(name(n)), shape:n.shape, x:n.x, y:n.y, size:n.size, color:n.color, hidden:hidden(n), font:{size:13}}; }
function edgeName(e){ return lang === 'en' ? e.label : lang === 'zh-Hans' ? e.hans : e.hant; }
const nodes = new vis.DataSet(data.nodes.map(visNode));
const edges = new vis.DataSet(data.edges.map((e, i) => ({id:i, from:e.from, to:e.to, label:edgeName(e), arrows:'to', font:{size:9, color:'#888', strokeWidth:0}, color:{color:'#c4c4c4', highlight:'#555'}})));
const network = new vis.Network($('net'), {nodes, edges}, {physics:false, layout:{improvedLayout:false},
  interaction:{hover:true, hideEdgesOnDrag:data.nodes.length > 500, tooltipDelay:3600000}, edges:{smooth:false}, nodes:{borderWidth:1}});
function refresh(){ nodes.update(data.nodes.map(n => ({id:n.id, hidden:hidden(n), label:short(name(n))}))); status(); }
function marked(parent, sentence, ranges){
  let at = 0; ranges.filter(r => r[0] < r[1]).sort((a, b) => a[0] - b[0]).forEach(([a, b]) => { if(a < at) return;
    parent.appendChild(document.createTextNode(sentence.slice(at, a))); parent.appendChild(el('mark', sentence.slice(a, b))); at = b; });
  parent.appendChild(document.createTextNode(sentence.slice(at)));
}
function quote(parent, at, extra){ const box = el('div'); marked(box, data.sentences[at[0]], [[at[1], at[2]], ...(extra || [])]);
  box.appendChild(el('span', '  ' + (at[3] || ''), 'muted')); parent.appendChild(box); }
function link(id){ const n = byId.get(id); const b = el('button', n ? name(n) : id, 'link'); b.onclick = () => select(id); return b; }
function factBox(f){ const box = el('div', undefined, 'fact'); const en = lang === 'en';
  const head = [f.subject + ': ' + f.value + ' ' + ((en && f.unit_en) || f.unit || ''), f.period, (en && f.stat_en) || f.stat,
    f.rank ? '#' + f.rank + (f.scope ? ' ' + f.scope : '') : '', f.changes.length ? 'Δ ' + f.changes.join('; ') : ''];
  box.appendChild(el('b', head.filter(Boolean).join(' · '))); quote(box, f.at); return box; }
function show(id){
  const n = byId.get(id), d = $('detail'); d.replaceChildren(); if(!n) return;
  d.appendChild(el('h3', name(n))); d.appendChild(el('div', n.cls + ' · ' + n.id, 'muted'));
  if(n.facts.length) d.appendChild(el('h3', 'Figures (' + (n.facts.length + n.more_facts) + ')'));
  n.facts.forEach(i => d.appendChild(factBox(data.facts[i])));
  if(n.mentions.length) d.appendChild(el('h3', 'Mentions (' + (n.mentions.length + n.more_mentions) + ')'));
  n.mentions.forEach(m => { const box = el('div', undefined, 'fact'); quote(box, m); d.appendChild(box); });
  const near = [...adj.get(id)]; if(near.length){ d.appendChild(el('h3', 'Related (' + near.length + ')')); near.slice(0, 40).forEach(o => d.appendChild(link(o))); }
}
function places(n){ return [...n.mentions, ...n.facts.map(i => data.facts[i].at)]; }
function showEdge(i){
  const e = data.edges[i], a = byId.get(e.from), b = byId.get(e.to), d = $('detail'); d.replaceChildren();
  const h = el('h3'); h.appendChild(link(e.from)); h.appendChild(el('span', '— ' + edgeName(e) + ' →', 'muted')); h.appendChild(link(e.to)); d.appendChild(h);
  const theirs = new Map(places(b).map(m => [m[0] + '|' + m[3], m]));
  let shared = places(a).filter(m => theirs.has(m[0] + '|' + m[3]));
  if(!shared.length) shared = places(a).length ? places(a) : places(b);
  const seen = new Set(); shared.forEach(m => { const k = m[0] + '|' + m[3]; if(seen.has(k) || seen.size >= 12) return; seen.add(k);
    const box = el('div', undefined, 'fact'), other = theirs.get(k); quote(box, m, other ? [[other[1], other[2]]] : []); d.appendChild(box); });
}
function select(id){ const n = byId.get(id); if(!n) return false;
  if(hiddenCls.has(n.cls)){ hiddenCls.delete(n.cls); legendBoxes.get(n.cls).checked = true; }
  if(!shown.has(id)){ shown.add(id); refresh(); }
  network.selectNodes([id]); network.focus(id, {scale:Math.max(network.getScale(), 1), animation:false}); show(id); return true; }
network.on('click', p => { if(p.nodes.length) show(p.nodes[0]); else if(p.edges.length) showEdge(p.edges[0]); });
network.on('doubleClick', p => { if(p.nodes.length){ adj.get(p.nodes[0]).forEach(o => shown.add(o)); refresh(); } });
const legendBoxes = new Map(), counts = new Map();
data.nodes.forEach(n => counts.set(n.cls, (counts.get(n.cls) || 0) + 1));
[...counts.keys()].sort().forEach(cls => { const label = el('label'), box = el('input'); box.type = 'checkbox'; box.checked = true;
  box.onchange = () => { box.checked ? hiddenCls.delete(cls) : hiddenCls.add(cls); refresh(); }; legendBoxes.set(cls, box);
  const i = el('i'); i.style.background = (data.style[cls] || ['#ccc'])[0];
  label.appendChild(box); label.appendChild(i); label.appendChild(document.createTextNode(cls + ' ' + counts.get(cls))); $('legend').appendChild(label); });
function status(){ const s = $('status'); s.replaceChildren(); if(!data.initial) return;
  const on = data.nodes.filter(n => !hidden(n)).length;
  s.appendChild(el('span', 'Showing ' + on + ' of ' + data.nodes.length + ' entities (most central first); double-click a node to expand it. '));
  if(on < data.nodes.length){ const all = el('button', 'Show all'); all.onclick = () => { data.nodes.forEach(n => shown.add(n.id)); refresh(); }; s.appendChild(all); } }
status();
$('sources').textContent = data.briefings.length + ' briefing(s)';
data.briefings.forEach(b => $('briefings').appendChild(el('div', [b.id, b.issued, b.title, b.publisher].filter(Boolean).join(' · '), 'muted')));
$('lang').value = lang;
$('lang').onchange = e => { lang = e.target.value; refresh(); edges.update(data.edges.map((e, i) => ({id:i, label:edgeName(e)}))); };
function search(q){ q = fold(q.trim()); if(!q) return []; return data.nodes.filter(n => n.key.includes(q)).sort((a, b) => b.centrality - a.centrality); }
$('search').oninput = e => { const r = $('results'); r.replaceChildren();
  search(e.target.value).slice(0, 15).forEach(n => { const b = link(n.id); b.appendChild(el('span', ' ' + n.cls, 'muted')); r.appendChild(b); }); };
$('search').onkeydown = e => { if(e.key === 'Enter'){ const hit = search(e.target.value)[0]; if(hit) select(hit.id); } };
network.once('afterDrawing', () => { window.dzkgReady = true; window.dzkgReadyMs = performance.now(); });
if(data.focus) select(data.focus);
window.dzkgViews = window.dzkgViews || {}; window.dzkgViews[P] = {network, data, select, search};
window.dzkgNetwork = network; window.dzkgData = data; window.dzkgSelect = select; window.dzkgSearch = q => search(q).map(n => n.id);
})();
</script></body></html>
"""
