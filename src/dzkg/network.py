"""Consumer: analytics of the entity network with networkx — centralities, communities, and the entities that
connect the pillars of a briefing.

Where it sits: after the view (DESIGN.md §1): it analyses `dzkg.view.network()`, the same entity network that
`dzkg view` draws and `dzkg export graphml|gexf` writes, and reads sections and mentions through `dzkg.sparql`.
Every function returns plain values (dicts, lists, strings, numbers) for `dzkg stats --network`, the API and
notebooks; nothing here prints. Results are deterministic: nodes are sorted and randomised steps use SEED.

Pillars: the top-level parts of a briefing. A pillar is a level-1 section (dz:headingLevel 1) with every section
after it up to the next level-1 section, in text order. A level-1 heading that holds no text and is followed at
once by another level-1 heading is a title with its subtitle ("著力推進產業體系現代化" / "強化高質量發展核心支撐")
and opens one pillar with it. An entity connects pillars when its mentions (dz:mentionedIn, its spans'
dz:inSection) fall under two or more pillars of one briefing.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from dzkg.sparql import run
from dzkg.view import ENTITY_CLASSES, network

SEED = 7
EXACT_BETWEENNESS_UP_TO = 1000
"""Above this many nodes, betweenness is estimated from this many sampled sources (seeded)."""

_PREFIXES = """PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
_SECTIONS = """SELECT ?sec ?doc ?level (SAMPLE(?name) AS ?label) (MIN(?begin) AS ?start)
  (COUNT(DISTINCT ?span) AS ?spans)
WHERE { ?sec a dz:Section ; dz:sectionOf ?b ; dz:headingLevel ?level . ?b dct:identifier ?doc .
  OPTIONAL { ?sec rdfs:label ?name } OPTIONAL { ?sec prov:wasDerivedFrom/oa:hasSelector/oa:start ?begin }
  OPTIONAL { ?span dz:inSection ?sec } } GROUP BY ?sec ?doc ?level"""
_MENTIONED = f"""SELECT DISTINCT ?x ?sec WHERE {{ VALUES ?class {{ {" ".join(f"dz:{c}" for c in ENTITY_CLASSES)} }}
  ?x a ?class ; prov:wasDerivedFrom ?span . ?span dz:inSection ?sec . FILTER EXISTS {{ ?x dz:mentionedIn ?b }} }}"""


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """The entity network as a simple undirected graph (sorted nodes, no self-loops), keeping cls and labels."""
    simple = nx.Graph()
    for node in sorted(graph):
        data = graph.nodes[node]
        simple.add_node(node, cls=data["cls"], label=data["hant"] or data["hans"] or data["en"] or node)
    simple.add_edges_from(sorted((s, o) for s, o in graph.edges() if s != o))
    return simple


def _ranked(graph: nx.Graph, scores: dict[str, float], top: int) -> list[dict[str, object]]:
    best = sorted(graph, key=lambda n: (-scores.get(n, 0.0), n))[:top]
    return [
        {"iri": n, "label": graph.nodes[n]["label"], "class": graph.nodes[n]["cls"], "score": round(scores[n], 6)}
        for n in best
    ]


def centralities(graph: nx.Graph, *, top: int = 10) -> dict[str, list[dict[str, object]]]:
    """The `top` entities by degree centrality and by betweenness centrality (normalised), with their labels."""
    if len(graph) < 2:
        scores = dict.fromkeys(graph, 0.0)
        return {"degree": _ranked(graph, scores, top), "betweenness": _ranked(graph, scores, top)}
    sample = None if len(graph) <= EXACT_BETWEENNESS_UP_TO else EXACT_BETWEENNESS_UP_TO
    return {
        "degree": _ranked(graph, nx.degree_centrality(graph), top),
        "betweenness": _ranked(graph, nx.betweenness_centrality(graph, k=sample, seed=SEED), top),
    }


def communities(graph: nx.Graph, *, seed: int = SEED, show: int = 5) -> dict[str, object]:
    """Louvain communities (fixed seed) of two or more entities, largest first: size, the `show` best connected
    members' labels, and every member's IRI; plus the partition's modularity."""
    if graph.number_of_edges() == 0:
        return {"algorithm": "louvain", "seed": seed, "modularity": 0.0, "communities": []}
    parts = nx.community.louvain_communities(graph, seed=seed)
    found = []
    for members in sorted((sorted(p) for p in parts if len(p) > 1), key=lambda p: (-len(p), p[0])):
        central = sorted(members, key=lambda n: (-graph.degree(n), n))[:show]
        found.append({"size": len(members), "top": [graph.nodes[n]["label"] for n in central], "members": members})
    modularity = nx.community.modularity(graph, parts)
    return {"algorithm": "louvain", "seed": seed, "modularity": round(modularity, 4), "communities": found}


def pillars(store: ox.Store) -> dict[str, list[dict[str, object]]]:
    """Each briefing's pillars in text order: {doc: [{index (from 1), label, sections: [section IRIs]}]}."""
    by_doc: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in run(store, _PREFIXES + _SECTIONS).dicts():
        by_doc[row["doc"]].append(row)
    found: dict[str, list[dict[str, object]]] = {}
    for doc, sections in sorted(by_doc.items()):
        sections.sort(key=lambda r: (int(r["start"]) if r["start"] else 1 << 62, r["sec"]))
        groups: list[dict[str, object]] = []
        heading_only = False  # the last section was a level-1 heading with no text of its own
        for row in sections:
            top = row["level"] == "1"
            if top and not heading_only:
                groups.append({"index": len(groups) + 1, "labels": [], "sections": []})
            if groups:
                if top:
                    groups[-1]["labels"].append(row["label"])  # type: ignore[attr-defined]
                groups[-1]["sections"].append(row["sec"])  # type: ignore[attr-defined]
            heading_only = top and row["spans"] == "0"
        found[doc] = [
            {"index": g["index"], "label": " · ".join(g["labels"]), "sections": g["sections"]}  # type: ignore[arg-type]
            for g in groups
        ]
    return found


def pillar_bridges(store: ox.Store, graph: nx.Graph | None = None) -> dict[str, object]:
    """The entities mentioned under two or more pillars of one briefing, most pillars first:
    {pillars: {doc: [...]}, entities: [{iri, label, class, doc, pillars: [indexes]}]}."""
    graph = graph if graph is not None else undirected(network(store))
    found = pillars(store)
    where = {sec: (doc, p["index"]) for doc, ps in found.items() for p in ps for sec in p["sections"]}  # type: ignore[attr-defined]
    touched: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in run(store, _PREFIXES + _MENTIONED).dicts():
        if row["sec"] in where:
            doc, index = where[row["sec"]]
            touched[(row["x"], doc)].add(index)
    entities = [
        {
            "iri": iri,
            "label": graph.nodes[iri]["label"] if iri in graph else iri,
            "class": graph.nodes[iri]["cls"] if iri in graph else "",
            "doc": doc,
            "pillars": sorted(indexes),
        }
        for (iri, doc), indexes in touched.items()
        if len(indexes) >= 2
    ]
    entities.sort(key=lambda e: (-len(e["pillars"]), e["doc"], e["label"], e["iri"]))  # type: ignore[arg-type]
    return {"pillars": found, "entities": entities}


def analyse(store: ox.Store, *, top: int = 10) -> dict[str, object]:
    """Everything `dzkg stats --network` shows: size, centralities, communities, pillars and their bridges."""
    graph = undirected(network(store))
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "components": nx.number_connected_components(graph) if len(graph) else 0,
        **centralities(graph, top=top),
        "communities": communities(graph),
        "pillar_bridges": pillar_bridges(store, graph),
    }


def report(analysis: dict[str, object], *, show: int = 10) -> list[str]:
    """`analyse()` as tab-separated text lines (at most `show` communities and bridges are listed)."""
    lines = [f"network nodes\t{analysis['nodes']}", f"network edges\t{analysis['edges']}"]
    lines.append(f"components\t{analysis['components']}")
    for kind in ("degree", "betweenness"):
        lines.append(f"== {kind} centrality (top {len(analysis[kind])}) ==")  # type: ignore[arg-type]
        lines += [f"{e['score']:.4f}\t{e['label']}\t{e['class']}\t{e['iri']}" for e in analysis[kind]]  # type: ignore[attr-defined]
    found: dict[str, object] = analysis["communities"]  # type: ignore[assignment]
    groups: list[dict[str, object]] = found["communities"]  # type: ignore[assignment]
    lines.append(f"== communities (louvain, seed {found['seed']}): {len(groups)}, modularity {found['modularity']} ==")
    lines += [f"{g['size']}\t{'、'.join(g['top'])}" for g in groups[:show]]  # type: ignore[arg-type]
    bridges: dict[str, object] = analysis["pillar_bridges"]  # type: ignore[assignment]
    entities: list[dict[str, object]] = bridges["entities"]  # type: ignore[assignment]
    found_pillars = {doc: items for doc, items in bridges["pillars"].items() if items}  # type: ignore[attr-defined]
    lines.append(f"== pillars: {len(found_pillars)} briefing(s) with level-1 sections ==")
    for doc, items in list(found_pillars.items())[:show]:
        lines += [f"{doc}\t{p['index']}\t{p['label']}" for p in items]
    lines.append(f"== entities connecting two or more pillars: {len(entities)} ==")
    lines += [f"{','.join(map(str, e['pillars']))}\t{e['label']}\t{e['class']}\t{e['doc']}" for e in entities[:show]]  # type: ignore[arg-type]
    return lines
