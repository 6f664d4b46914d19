"""Consumer: the interactive network view — one self-contained, offline HTML file.

Entities (not observations) become nodes, built with networkx from SPARQL over the graph; observations are
listed in the detail panel of the node they describe. vis-network is inlined from the installed pyvis package
(no CDN, no fonts from the network); all briefing strings travel as JSON inside a <script type="application/json">
block with <, >, & escaped, and the page writes them with textContent only, never innerHTML.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from dzkg.atomic import write_text
from dzkg.sparql import run

STYLE = {
    "City": ("#d62728", "star"),
    "County": ("#ff7f0e", "triangle"),
    "District": ("#ff7f0e", "triangle"),
    "CountyLevelCity": ("#ff7f0e", "triangle"),
    "Province": ("#8c564b", "star"),
    "Country": ("#8c564b", "star"),
    "Park": ("#bcbd22", "triangleDown"),
    "Place": ("#c7c7c7", "dot"),
    "PolicyDocument": ("#1f77b4", "box"),
    "Strategy": ("#9467bd", "diamond"),
    "Industry": ("#2ca02c", "dot"),
    "IndustryChain": ("#98df8a", "dot"),
    "IndustryCluster": ("#17becf", "hexagon"),
    "Enterprise": ("#e377c2", "square"),
    "Organization": ("#f7b6d2", "square"),
    "Programme": ("#7f7f7f", "ellipse"),
    "Project": ("#aec7e8", "box"),
    "Designation": ("#ffbb78", "diamond"),
    "Indicator": ("#dbdb8d", "dot"),
}
_ENTITIES = """
PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?class ?hant ?hans ?en WHERE {
  ?node a ?class . FILTER(STRSTARTS(STR(?node), "https://w3id.org/dzkg/id/"))
  VALUES ?class { dz:City dz:County dz:District dz:CountyLevelCity dz:Province dz:Country dz:Park dz:Place
                  dz:PolicyDocument dz:Strategy dz:Industry dz:IndustryChain dz:IndustryCluster dz:Enterprise
                  dz:Organization dz:Programme dz:Project dz:Indicator }
  OPTIONAL { ?node skos:prefLabel ?hant FILTER(langMatches(lang(?hant), "zh-Hant")) }
  OPTIONAL { ?node skos:prefLabel ?hans FILTER(langMatches(lang(?hans), "zh-Hans")) }
  OPTIONAL { ?node skos:prefLabel ?en FILTER(langMatches(lang(?en), "en")) }
} ORDER BY ?node ?class"""
_EDGES = """
PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <https://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?p ?o WHERE {
  VALUES ?p { eli:is_about eli:passed_by dz:locatedIn dz:servesStrategy dz:inIndustry dz:chainOf
              schema:containedInPlace skos:broader dz:holder dz:programme }
  ?s ?p ?o .
} ORDER BY ?s ?p ?o"""
_MEASURED = """
PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
SELECT DISTINCT ?indicator ?area WHERE { ?obs dz:indicator ?indicator ; sdmx-dimension:refArea ?area }
ORDER BY ?indicator ?area"""
_DESIGNATIONS = """
PREFIX dz: <https://w3id.org/dzkg/ontology#>
SELECT ?holder ?programme WHERE { ?d a dz:Designation ; dz:holder ?holder ; dz:programme ?programme }
ORDER BY ?holder ?programme"""
_FACTS = """
PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?subject ?value ?unit ?period ?rank ?quote ?sentence WHERE {
  ?obs a dz:MetricObservation ; dz:subjectText ?subject ; sdmx-measure:obsValue ?value ;
       sdmx-attribute:unitMeasure/rdfs:label ?unit ; sdmx-dimension:refPeriod/rdfs:label ?period ;
       prov:wasDerivedFrom ?span .
  FILTER(langMatches(lang(?unit), "zh-Hant"))
  { ?obs dz:indicator ?node } UNION { ?obs dz:programme ?node }
  ?span oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?span dz:inSentence/oa:hasSelector/oa:exact ?sentence }
  OPTIONAL { ?obs dz:rank ?rank }
} ORDER BY ?node ?subject ?value ?quote"""
_MENTIONS = """
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dz: <https://w3id.org/dzkg/ontology#>
SELECT ?node ?quote ?sentence WHERE {
  ?node dz:mentionedIn ?b ; prov:wasDerivedFrom ?span . ?span oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?span dz:inSentence/oa:hasSelector/oa:exact ?sentence }
} ORDER BY ?node ?quote"""


def network(store: ox.Store) -> nx.MultiDiGraph:
    """The entity network: one node per entity (with its labels and class), edges for the relations."""
    graph = nx.MultiDiGraph()
    for row in run(store, _ENTITIES).dicts():
        cls = row["class"].rsplit("#", 1)[-1]
        if row["node"] in graph and graph.nodes[row["node"]]["cls"] not in ("Place", "Organization"):
            continue
        graph.add_node(
            row["node"],
            cls=cls,
            hant=row["hant"] or row["hans"],
            hans=row["hans"] or row["hant"],
            en=row["en"],
            facts=[],
            mentions=[],
        )
    for row in run(store, _EDGES).dicts():
        if row["s"] in graph and row["o"] in graph:
            graph.add_edge(row["s"], row["o"], label=row["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    for row in run(store, _MEASURED).dicts():
        if row["indicator"] in graph and row["area"] in graph:
            graph.add_edge(row["indicator"], row["area"], label="measured in")
    for row in run(store, _DESIGNATIONS).dicts():
        if row["holder"] in graph and row["programme"] in graph:
            graph.add_edge(row["holder"], row["programme"], label="designation")
    for row in run(store, _FACTS).dicts():
        if row["node"] in graph:
            graph.nodes[row["node"]]["facts"].append(row)
    for row in run(store, _MENTIONS).dicts():
        if row["node"] in graph:
            graph.nodes[row["node"]]["mentions"].append({"quote": row["quote"], "sentence": row["sentence"]})
    return graph


def vis_data(graph: nx.MultiDiGraph) -> dict[str, object]:
    simple = nx.Graph(graph)
    centrality = nx.degree_centrality(simple) if len(simple) > 1 else {n: 1.0 for n in simple}
    positions = _layout(simple)
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        color, shape = STYLE.get(data["cls"], ("#c7c7c7", "dot"))
        x, y = positions.get(node, (0.0, 0.0))
        nodes.append(
            {
                "id": node,
                "cls": data["cls"],
                "hant": data["hant"],
                "hans": data["hans"],
                "en": data["en"],
                "color": color,
                "shape": shape,
                "size": round(10 + 40 * centrality.get(node, 0.0), 2),
                "x": round(float(x) * 1000, 1),
                "y": round(float(y) * 1000, 1),
                "facts": data["facts"],
                "mentions": data["mentions"],
            }
        )
    edges = [{"from": s, "to": o, "label": d["label"]} for s, o, d in sorted(graph.edges(data=True), key=str)]
    return {"nodes": nodes, "edges": edges, "style": {k: list(v) for k, v in STYLE.items()}}


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions computed once here, so the page starts with physics off. networkx's spring layout needs SciPy
    from 500 nodes on; larger networks get a shell layout (by degree) until the view learns to aggregate."""
    if not len(graph):
        return {}
    if len(graph) < 500:
        return nx.spring_layout(graph, seed=7, k=1.5 / len(graph) ** 0.5)
    by_degree = sorted(graph, key=lambda n: (-graph.degree(n), n))
    shells = [by_degree[:10], by_degree[10:100], by_degree[100:]]
    return nx.shell_layout(graph, nlist=[s for s in shells if s])


def _asset(name: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _json_for_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(data: dict[str, object], *, lang: str = "zh-Hant") -> str:
    script = _asset("vis-network.min.js").replace("</script", "<\\/script")
    return (
        _PAGE.replace("/*VIS_CSS*/", _asset("vis-network.css"))
        .replace("/*VIS_JS*/", script)
        .replace("/*DATA*/", _json_for_script(data))
        .replace("/*LANG*/", json.dumps(lang))
    )


def write_view(store: ox.Store, output: Path, *, lang: str = "zh-Hant") -> dict[str, int]:
    data = vis_data(network(store))
    write_text(Path(output), render(data, lang=lang))
    return {"nodes": len(data["nodes"]), "edges": len(data["edges"])}  # type: ignore[arg-type]


_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>dzkg network</title>
<style>/*VIS_CSS*/
body{margin:0;font-family:system-ui,sans-serif;display:flex;height:100vh}
#side{width:360px;overflow:auto;padding:8px;border-right:1px solid #ccc;font-size:13px}
#net{flex:1} .fact{border-bottom:1px solid #eee;padding:4px 0} mark{background:#ffe066}
#legend span{display:inline-block;margin:2px 6px 2px 0} #legend i{display:inline-block;width:10px;height:10px;margin-right:3px}
</style></head><body>
<div id="side"><input id="search" placeholder="search 搜索" style="width:95%">
<select id="lang"><option value="zh-Hant">繁體</option><option value="zh-Hans">简体</option><option value="en">English</option></select>
<div id="legend"></div><div id="detail"><p>Click a node for its facts and source sentences.</p></div></div>
<div id="net"></div>
<script>/*VIS_JS*/</script>
<script type="application/json" id="dzkg-data">/*DATA*/</script>
<script>
(function(){
const data = JSON.parse(document.getElementById('dzkg-data').textContent);
let lang = /*LANG*/;
const hidden = new Set();
function label(n){ return (lang==='en' && n.en) ? n.en : (lang==='zh-Hans' ? n.hans : n.hant) || n.id; }
function el(tag, text){ const e=document.createElement(tag); if(text!==undefined) e.textContent=text; return e; }
const nodes = new vis.DataSet(data.nodes.map(n => ({id:n.id, label:label(n), shape:n.shape, x:n.x, y:n.y,
  size:n.size, color:n.color, font:{size:14}})));
const edges = new vis.DataSet(data.edges.map((e,i) => ({id:i, from:e.from, to:e.to, label:e.label, arrows:'to',
  font:{size:9, color:'#888'}, color:{color:'#bbb'}})));
const network = new vis.Network(document.getElementById('net'), {nodes, edges},
  {physics:false, interaction:{hover:true}, edges:{smooth:false}});
const byId = new Map(data.nodes.map(n => [n.id, n]));
function highlight(parent, sentence, quote){
  const i = quote ? sentence.indexOf(quote) : -1;
  if(i < 0){ parent.appendChild(document.createTextNode(sentence)); return; }
  parent.appendChild(document.createTextNode(sentence.slice(0,i)));
  parent.appendChild(el('mark', quote));
  parent.appendChild(document.createTextNode(sentence.slice(i+quote.length)));
}
function show(id){
  const n = byId.get(id); const d = document.getElementById('detail'); d.replaceChildren();
  if(!n) return;
  d.appendChild(el('h3', label(n))); d.appendChild(el('div', n.cls + ' · ' + n.id));
  for(const f of n.facts){ const p = el('div'); p.className='fact';
    p.appendChild(el('b', f.subject + ': ' + f.value + ' ' + f.unit + ' (' + f.period + ')' + (f.rank ? ' #' + f.rank : '')));
    const s = el('div'); highlight(s, f.sentence || f.quote, f.quote); p.appendChild(s); d.appendChild(p); }
  for(const m of n.mentions){ const p = el('div'); p.className='fact'; highlight(p, m.sentence || m.quote, m.quote); d.appendChild(p); }
}
network.on('click', p => { if(p.nodes.length) show(p.nodes[0]); });
const legend = document.getElementById('legend');
for(const cls of [...new Set(data.nodes.map(n => n.cls))].sort()){
  const s = el('span'); const box = el('input'); box.type='checkbox'; box.checked=true;
  box.onchange = () => { box.checked ? hidden.delete(cls) : hidden.add(cls);
    nodes.update(data.nodes.filter(n => n.cls===cls).map(n => ({id:n.id, hidden:hidden.has(cls)}))); };
  const i = el('i'); i.style.background = data.style[cls] ? data.style[cls][0] : '#ccc';
  s.appendChild(box); s.appendChild(i); s.appendChild(document.createTextNode(cls)); legend.appendChild(s);
}
document.getElementById('lang').value = lang;
document.getElementById('lang').onchange = e => { lang = e.target.value;
  nodes.update(data.nodes.map(n => ({id:n.id, label:label(n)}))); };
document.getElementById('search').oninput = e => { const q = e.target.value.trim().toLowerCase(); if(!q) return;
  const hit = data.nodes.find(n => [n.hant,n.hans,n.en].some(v => v && v.toLowerCase().includes(q)));
  if(hit){ network.selectNodes([hit.id]); network.focus(hit.id, {scale:1.2}); show(hit.id); } };
window.dzkgNetwork = network; window.dzkgData = data;
})();
</script></body></html>
"""
