// aikg view: search, filters, legend and the evidence panel. Every name and sentence is data:
// the DOM is built with createElement/textContent only, never innerHTML.
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";

  function readJSON(id) { return JSON.parse(document.getElementById(id).textContent); }

  var model = readJSON("aikg-model");
  var visNodes = readJSON("aikg-nodes");
  var visEdges = readJSON("aikg-edges");
  var options = readJSON("aikg-options");
  var root = document.body.getAttribute("data-root") || "";
  var here = model.path;

  var nodeById = new Map();
  model.nodes.forEach(function (n) { nodeById.set(n.id, n); });
  var edgeById = new Map();
  var incident = new Map();
  model.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    [e.from, e.to].forEach(function (id) {
      if (!incident.has(id)) { incident.set(id, []); }
      incident.get(id).push(e);
    });
  });

  var state = {
    types: new Set(model.filters.types),
    predicates: new Set(model.filters.predicates),
    statuses: new Set(model.filters.statuses)
  };
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return state.types.has(n.type); }
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      // an overview line stands for several predicates: it shows while any of them is selected
      return e.predicates.some(function (p) { return state.predicates.has(p); }) && state.statuses.has(e.status) &&
        state.types.has(nodeById.get(e.from).type) && state.types.has(nodeById.get(e.to).type);
    }
  });

  // ---- small DOM helpers -------------------------------------------------------------------
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function link(href, text) {
    var a = el("a", text);
    a.setAttribute("href", href);
    return a;
  }
  function relHref(href) {
    // hrefs are relative to the views folder; this page may sit one folder down (org/).
    return root + href.split("/").map(encodeURIComponent).join("/");
  }
  function badge(status, label) {
    return el("span", label || status || "—", "badge" + (status === "planned" ? " planned" : ""));
  }
  function shapeIcon(shape, colour) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 14 14");
    var pts = {
      diamond: "7,0 14,7 7,14 0,7", triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13",
      hexagon: "3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7", square: "1,1 13,1 13,13 1,13",
      star: "7,0 8.8,4.9 14,5 9.9,8.2 11.3,13.4 7,10.4 2.7,13.4 4.1,8.2 0,5 5.2,4.9"
    }[shape];
    var s;
    if (pts) { s = document.createElementNS(SVGNS, "polygon"); s.setAttribute("points", pts); }
    else { s = document.createElementNS(SVGNS, "circle"); s.setAttribute("cx", "7"); s.setAttribute("cy", "7"); s.setAttribute("r", "6"); }
    s.setAttribute("fill", colour);
    svg.appendChild(s);
    return svg;
  }
  function lineIcon(colour, dashed) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "10");
    var l = document.createElementNS(SVGNS, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "25"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", colour); l.setAttribute("stroke-width", "3");
    if (dashed) { l.setAttribute("stroke-dasharray", "5,3"); }
    svg.appendChild(l);
    return svg;
  }

  // ---- the network ------------------------------------------------------------------------
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  function markReady() {
    if (window.aikgReady) { return; }
    window.aikgReady = true;
    window.aikgReadyAt = performance.now();   // ms since navigation started (read by the bench)
    document.body.setAttribute("data-ready", "1");
  }
  if (options.physics && options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      markReady();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  // ---- filters = legend ------------------------------------------------------------------
  function checkbox(group, value, icon, label, en) {
    var row = el("label", null, "filter");
    var box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.setAttribute("data-filter", group); box.setAttribute("data-value", value);
    box.addEventListener("change", function () {
      if (box.checked) { state[group].add(value); } else { state[group].delete(value); }
      nodeView.refresh(); edgeView.refresh();
    });
    row.appendChild(box); row.appendChild(icon); row.appendChild(el("span", label));
    if (en) { row.appendChild(el("span", en, "en")); }
    return row;
  }
  var filters = document.getElementById("filters");
  function fieldset(title, rows) {
    if (!rows.length) { return; }
    var fs = el("fieldset");
    fs.appendChild(el("legend", title));
    rows.forEach(function (r) { fs.appendChild(r); });
    filters.appendChild(fs);
  }
  var lg = model.legend;
  fieldset("类别 Class", model.aggregated ? [] : lg.classes.map(function (c) {
    return checkbox("types", c.type, shapeIcon(c.shape, c.color), c.label, c.type);
  }));
  fieldset("关系 Relation", lg.predicates.map(function (p) {
    return checkbox("predicates", p.predicate, lineIcon(p.color, false), p.label, p.predicate);
  }));
  fieldset("状态 Status", lg.statuses.map(function (s) {
    return checkbox("statuses", s.status, lineIcon(s.color, s.dashes), s.label, s.status || "—");
  }));

  // ---- evidence panel ----------------------------------------------------------------------
  var panel = document.getElementById("panel-body");
  function clearPanel() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function evidenceList(parent, items) {
    items.forEach(function (ev) {
      var q = el("blockquote");
      q.appendChild(el("div", ev.sentence));
      q.appendChild(el("cite", ev.document + (ev.date ? " · " + ev.date : "")));
      parent.appendChild(q);
    });
  }
  function labelOf(id) { var n = nodeById.get(id); return n ? n.label : id; }

  function showOverview() {
    clearPanel();
    panel.appendChild(el("h2", model.title));
    panel.appendChild(el("p", model.description, "meta"));
    var st = model.stats;
    panel.appendChild(el("p", st.nodes + " 个节点 nodes · " + st.edges + " 条连线 lines · " + st.facts + " 条事实 facts", "meta"));
    if (model.aggregated) {
      panel.appendChild(el("p", "图太大：按群组汇总显示 " + st.source_nodes + " 个机构。点击群组查看成员，打开成员的合作网络看细节。" +
        " Too large to draw whole: communities shown; open a member's partner view for detail.", "meta"));
    }
    if (model.truncated) {
      panel.appendChild(el("p", "另有 " + model.truncated + " 个二度节点未显示。" + model.truncated + " more second-hop nodes not shown.", "meta"));
    }
    if (model.summary) {
      var t = el("table"), head = el("tr");
      ["关系 Relation", "已落实 Achieved", "计划中 Planned"].forEach(function (h) { head.appendChild(el("th", h)); });
      t.appendChild(head);
      model.summary.forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("td", r.label + " " + r.predicate)); tr.appendChild(el("td", r.achieved)); tr.appendChild(el("td", r.planned));
        t.appendChild(tr);
      });
      panel.appendChild(t);
    }
    panel.appendChild(el("p", "点击节点或连线查看原文证据。Click a node or a line to read its evidence.", "meta"));
  }

  function showMember(m, group) {
    clearPanel();
    panel.appendChild(el("h2", m.label));
    panel.appendChild(el("p", m.type, "meta"));
    if (m.aliases.length) { panel.appendChild(el("p", "简称 Aliases：" + m.aliases.join("、"), "meta")); }
    panel.appendChild(el("p", "所在群组 In community：" + group.label, "meta"));
    if (m.href) { panel.appendChild(link(relHref(m.href), "查看合作网络 Open partner view")); }
  }

  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) { return; }
    clearPanel();
    panel.setAttribute("data-showing", id);
    panel.appendChild(el("h2", n.label));
    panel.appendChild(el("p", n.type_label + " " + n.type, "meta"));
    if (n.aliases.length) { panel.appendChild(el("p", "简称 Aliases：" + n.aliases.join("、"), "meta")); }
    if (n.href && n.href !== here) {
      var p = el("p"); p.appendChild(link(relHref(n.href), "查看合作网络 Open partner view")); panel.appendChild(p);
    }
    var ev = n.evidence;
    panel.appendChild(el("p", ev.facts + " 条事实 facts：" + ev.achieved + " 已落实 achieved，" + ev.planned + " 计划中 planned", "meta"));
    if (n.members) {
      panel.appendChild(el("h3", "成员 Members (" + n.members.length + ")"));
      var ul = el("ul");
      n.members.forEach(function (m) {
        var li = el("li");
        if (m.href) { li.appendChild(link(relHref(m.href), m.label)); } else { li.appendChild(el("span", m.label)); }
        li.appendChild(el("span", " " + m.type, "en"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (n.documents.length) {
      panel.appendChild(el("h3", "来源文件 Source documents"));
      var dl = el("ul");
      n.documents.forEach(function (d) { dl.appendChild(el("li", d)); });
      panel.appendChild(dl);
    }
    var rels = incident.get(id) || [];
    if (rels.length) { panel.appendChild(el("h3", "关系与证据 Relations and evidence")); }
    rels.forEach(function (e) {
      var box = el("div", null, "relation" + (e.status === "planned" ? " planned" : ""));
      var other = e.from === id ? e.to : e.from;
      var arrow = e.arrows ? (e.from === id ? " → " : " ← ") : " — ";
      var head = el("div");
      head.appendChild(el("strong", e.predicate_label));
      head.appendChild(el("span", arrow + labelOf(other) + " "));
      head.appendChild(badge(e.status, e.status_label));
      if (e.count > 1) { head.appendChild(el("span", " ×" + e.count, "en")); }
      box.appendChild(head);
      evidenceList(box, e.evidence);
      panel.appendChild(box);
    });
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) { return; }
    clearPanel();
    panel.setAttribute("data-showing", id);
    panel.appendChild(el("h2", labelOf(e.from) + (e.arrows ? " → " : " — ") + labelOf(e.to)));
    var m = el("p", null, "meta");
    m.appendChild(el("strong", e.predicate_label + " "));
    m.appendChild(el("span", e.predicate + " "));
    m.appendChild(badge(e.status, e.status_label));
    panel.appendChild(m);
    panel.appendChild(el("p", e.count + " 条事实 facts", "meta"));
    panel.appendChild(el("h3", "证据 Evidence"));
    evidenceList(panel, e.evidence);
    if (e.documents.length) {
      panel.appendChild(el("h3", "来源文件 Source documents"));
      var dl = el("ul");
      e.documents.forEach(function (d) { dl.appendChild(el("li", d)); });
      panel.appendChild(dl);
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { showOverview(); }
  });

  // ---- search: names and aliases, NFKC and case-insensitive ---------------------------------
  function norm(s) { return String(s || "").normalize("NFKC").toLowerCase().replace(/[\s“”‘’"'《》〈〉「」『』]/g, ""); }
  var entries = [];
  model.nodes.forEach(function (n) {
    if (n.members) {
      n.members.forEach(function (m) {
        [m.label].concat(m.aliases).forEach(function (name) {
          entries.push({ key: norm(name), name: name, node: n.id, member: m, group: n });
        });
      });
    } else {
      [n.label].concat(n.aliases).forEach(function (name) { entries.push({ key: norm(name), name: name, node: n.id }); });
    }
  });
  var results = document.getElementById("results");
  var search = document.getElementById("search");
  function focusNode(id) {
    network.selectNodes(nodeView.get(id) ? [id] : []);
    if (nodeView.get(id)) { network.focus(id, { scale: 1.2, animation: false }); }
  }
  function choose(hit) {
    focusNode(hit.node);
    if (hit.member) { showMember(hit.member, hit.group); } else { showNode(hit.node); }
  }
  function runSearch() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var q = norm(search.value);
    if (!q) { return []; }
    var seen = new Set(), hits = [];
    entries.forEach(function (en) {
      var pos = en.key.indexOf(q);
      var who = en.member ? en.member.id : en.node;
      if (pos < 0 || seen.has(who)) { return; }
      seen.add(who);
      hits.push({ hit: en, rank: [en.key === q ? 0 : pos === 0 ? 1 : 2, en.key.length] });
    });
    hits.sort(function (a, b) { return a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1]; });
    hits.slice(0, 30).forEach(function (h) {
      var en = h.hit, li = el("li"), b = el("button");
      b.type = "button";
      var label = en.member ? en.member.label : nodeById.get(en.node).label;
      b.appendChild(el("span", label));
      if (en.name !== label) { b.appendChild(el("span", "（" + en.name + "）", "via")); }
      if (en.member) { b.appendChild(el("span", " ∈ " + en.group.label, "via")); }
      b.addEventListener("click", function () { choose(en); });
      li.appendChild(b);
      results.appendChild(li);
    });
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = runSearch(); if (hits.length) { choose(hits[0].hit); } }
  });

  showOverview();
  if (model.kind === "ego" && model.centre) { network.selectNodes([model.centre]); showNode(model.centre); }
  window.network = network;   // as in pyvis's own template
  window.aikg = { model: model, network: network, nodes: nodes, edges: edges, nodeView: nodeView,
                  edgeView: edgeView, showNode: showNode, showEdge: showEdge, search: runSearch };
}());
