// aikg view: search, filters and legend, the place filter and grouping by city, unconnected nodes off the
// canvas until asked, labels drawn at a fixed size (hubs at every zoom), the evidence panel. Every name and
// sentence is data: the DOM is built with createElement/textContent only, never innerHTML; canvas text is
// drawn with fillText. The state (place, grouping, unconnected) lives in the #fragment.
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

  // ---- what the page shows: filters, the place, unconnected nodes, grouping (also read from the #hash) --
  function readHash() {
    var out = {};
    String(location.hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0) {
        try { out[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1)); } catch (err) { /* not ours */ }
      }
    });
    return out;
  }
  var asked = readHash();
  var placeByKey = new Map();
  (model.places || []).forEach(function (p) { placeByKey.set(p.key, p); });
  var state = {
    types: new Set(model.filters.types),
    predicates: new Set(model.filters.predicates),
    statuses: new Set(model.filters.statuses),
    place: asked.place === "?" || placeByKey.has(asked.place) ? asked.place : "",
    unconnected: asked.unconnected === "1",
    grouped: asked.group === "place" && !!(model.place_groups && model.place_groups.length)
  };
  function inPlace(keys) {
    if (!state.place) { return true; }
    if (state.place === "?") { return !keys || keys.length === 0; }
    var prefix = state.place + "/";
    return (keys || []).some(function (k) { return k === state.place || k.lastIndexOf(prefix, 0) === 0; });
  }
  function nodeShown(id) {
    var m = nodeById.get(id);
    return !!m && state.types.has(m.type) && (state.unconnected || !m.unconnected) && inPlace(m.places);
  }
  if (state.grouped) {            // open grouped: draw the grouped positions from the start
    visNodes.forEach(function (n) {
      var m = nodeById.get(n.id);
      if (m && m.gx !== undefined) { n.x = m.gx; n.y = m.gy; }
    });
  }

  var visNodeById = new Map();
  visNodes.forEach(function (n) { visNodeById.set(n.id, n); });
  // Arrowheads cost most of the first frame of a large view (vis-network finds where each line meets its
  // node's border) and are too small to see from far away: there they come only once you zoom in.
  var ARROWS_MANY = 2000, ARROWS_SCALE = 0.45;
  var arrowsOnZoom = visEdges.length >= ARROWS_MANY;
  if (arrowsOnZoom) {
    visEdges.forEach(function (e) { if (e.arrows === "to") { delete e.arrows; } });
    options.edges.arrows = { to: { enabled: false, scaleFactor: options.edges.arrows.to.scaleFactor } };
  }
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return nodeShown(n.id); }
  });
  var predicatesOf = new Map();      // an overview line stands for several predicates
  model.edges.forEach(function (e) {
    predicatesOf.set(e.id, e.predicates ? Object.keys(e.predicates) : [e.predicate]);
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      // a line shows while any of its predicates is selected, its status too, and both its ends
      var m = edgeById.get(e.id);
      return predicatesOf.get(e.id).some(function (p) { return state.predicates.has(p); }) &&
        state.statuses.has(m.status) && inPlace(m.places) && nodeShown(e.from) && nodeShown(e.to);
    }
  });
  var byRank = model.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
  var shown = [];                 // the model nodes drawn now, hubs first
  function refresh() {
    nodeView.refresh(); edgeView.refresh();
    shown = byRank.filter(function (m) { return nodeShown(m.id); });
    if (window.aikgReady) { network.redraw(); }
  }
  shown = byRank.filter(function (m) { return nodeShown(m.id); });
  function saveHash() {
    var parts = [];
    if (state.place) { parts.push("place=" + encodeURIComponent(state.place)); }
    if (state.grouped) { parts.push("group=place"); }
    if (state.unconnected) { parts.push("unconnected=1"); }
    try { history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname); } catch (err) { /* file: */ }
  }

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
    // hrefs are relative to the views folder; this page may sit one folder down (org/). A #fragment
    // (a place to filter by) is kept as it is.
    var cut = href.indexOf("#");
    var path = cut < 0 ? href : href.slice(0, cut);
    return root + path.split("/").map(encodeURIComponent).join("/") + (cut < 0 ? "" : href.slice(cut));
  }
  function placeName(key) {
    var p = placeByKey.get(key);
    return p ? p.label : key.split("/").pop();
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
  var LINE_WIDTH = options.edges.width;
  function widthAt(scale) { return Math.round(Math.min(8, Math.max(LINE_WIDTH, 1.2 / scale)) * 10) / 10; }
  (function () {        // the lines' width for the first fit, set before vis-network builds them
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    shown.forEach(function (m) {
      var n = visNodeById.get(m.id);
      if (n) { x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y); }
    });
    if (x0 > x1) { return; }
    options.edges.width = widthAt(0.88 * Math.min(container.clientWidth / (x1 - x0 + 100),
                                                  container.clientHeight / (y1 - y0 + 100)));
  }());
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  function markReady() {
    if (window.aikgReady) { return; }
    window.aikgReady = true;
    window.aikgReadyAt = performance.now();   // ms since navigation started (read by the bench)
    document.body.setAttribute("data-ready", "1");
  }
  // vis-network draws lines in canvas units, so from far away they fade to a hair: keep them about 1.2 px
  // wide on screen (an overview's lines keep their own widths)
  var lineWidth = options.edges.width, widthTimer = null;
  function keepLinesVisible() {
    var w = widthAt(network.getScale());
    if (Math.abs(w - lineWidth) / lineWidth > 0.15) {
      lineWidth = w;
      network.setOptions({ edges: { width: w } });
    }
  }
  var arrowsShown = !arrowsOnZoom;
  function arrowsAsZoomed() {
    var want = network.getScale() >= ARROWS_SCALE;
    if (arrowsOnZoom && want !== arrowsShown) {
      arrowsShown = want;
      network.setOptions({ edges: { arrows: { to: { enabled: want } } } });
    }
  }
  network.on("zoom", function () {
    clearTimeout(widthTimer);
    widthTimer = setTimeout(function () { keepLinesVisible(); arrowsAsZoomed(); }, 150);
  });
  function fitShown() {        // fit what is drawn, with room left for the labels at the edges
    if (!shown.length) { return; }
    network.fit({ nodes: shown.map(function (m) { return m.id; }), animation: false });
    network.moveTo({ scale: network.getScale() * 0.88, animation: false });
    keepLinesVisible();
    if (window.aikgReady) { arrowsAsZoomed(); }
  }
  if (options.physics && options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      fitShown();
      markReady();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  // ---- labels: drawn by the page at a fixed size on screen --------------------------------------
  // The hubs (the first nodes by rank, as many as the canvas has room for) keep their label at every
  // zoom; the others get one where it fits without covering another, so more appear as you zoom in;
  // the node under the pointer and its partners are labelled first.
  var FONT = (options.nodes && options.nodes.font && options.nodes.font.face) || "sans-serif";
  var LABEL_CHARS = 16, OTHERS_MAX = 300, CELL = 80;
  var hot = null, hotNeighbours = new Set();
  window.aikgLabelled = [];
  function hubCount() {
    if (model.aggregated) { return shown.length; }
    if (model.kind === "bridges") { return model.stats.cities + model.stats.bridges; }   // every city and bridge
    var area = Math.max(1, container.clientWidth * container.clientHeight);
    return Math.max(6, Math.min(60, Math.round(area / 30000)));
  }
  function textWidth(text, px) {       // Chinese characters are square; Latin letters and digits about half
    var w = 0;
    for (var i = 0; i < text.length; i++) { w += text.charCodeAt(i) > 0x2e80 ? px : 0.56 * px; }
    return w + (px > 12 ? 0.06 * w : 0);    // the hubs' bold
  }
  function shortLabel(text) {
    text = String(text || "");
    return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + "…" : text;
  }
  function drawLabels(ctx) {
    var view = network.body.view, s = view.scale, tx = view.translation.x, ty = view.translation.y;
    var ratio = network.canvas.pixelRatio || 1, W = container.clientWidth, H = container.clientHeight;
    var grid = new Map(), drawn = [];
    function cells(b, add) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          var k = cx + "," + cy, list = grid.get(k);
          if (add) { if (!list) { grid.set(k, list = []); } list.push(b); }
          else if (list && list.some(function (o) { return b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]; })) { return false; }
        }
      }
      return true;
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    if (state.grouped && model.place_groups) {       // the cities' names above their discs
      ctx.font = "bold 16px " + FONT;
      model.place_groups.forEach(function (g) {
        if (state.place && state.place !== g.key && g.key.lastIndexOf(state.place + "/", 0) !== 0 &&
            !(g.key === "*" || g.key === "?")) { return; }
        var text = g.label + " (" + g.nodes + ")", w = ctx.measureText(text).width, x = g.x * s + tx, y = 0, b = null;
        [(g.y - g.r - 30) * s + ty - 20, (g.y + g.r + 30) * s + ty + 2].forEach(function (top) {   // above, else below
          var box = [x - w / 2 - 3, top - 2, x + w / 2 + 3, top + 20];
          if (!b && cells(box, false)) { b = box; y = top; }
        });
        if (!b) { return; }
        cells(b, true);
        ctx.lineWidth = 5; ctx.strokeStyle = "rgba(255,255,255,0.95)"; ctx.strokeText(text, x, y);
        ctx.fillStyle = "#37474f"; ctx.fillText(text, x, y);
      });
    }
    function label(m, kind) {
      var bn = network.body.nodes[m.id];
      if (!bn) { return false; }
      var x = bn.x * s + tx, y = bn.y * s + ty;
      if (x < -80 || x > W + 80 || y < -40 || y > H + 40) { return false; }
      var px = kind === "other" ? 12 : 14, text = shortLabel(m.label);
      var w = textWidth(text, px), r = Math.max(3, (bn.options.size || 10) * s);
      // below, above, right, left, the corners; a hub may then move further out, on a leader line
      var dirs = [[0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]];
      var rings = kind === "other" ? [0] : [0, 1, 2, 3];
      var at = null, far = 0;
      for (var k = 0; k < rings.length && !at; k++) {
        var d = rings[k] * (px + 8);
        for (var i = 0; i < dirs.length && !at; i++) {
          var dx = dirs[i][0], dy = dirs[i][1];
          var cx = x + dx * (r + 3 + d + w / 2), top = y + (dy > 0 ? r + 2 + d : dy < 0 ? -r - 3 - d - px : -px / 2);
          if (dx && dy) { cx = x + dx * (r + d + w / 2); }
          var b = [cx - w / 2 - 2, top - 1, cx + w / 2 + 2, top + px + 2];
          if (cells(b, false)) { at = b; far = rings[k]; }
        }
      }
      if (!at) {
        if (kind === "other") { return false; }
        at = [x - w / 2 - 2, y + r + 1, x + w / 2 + 2, y + r + px + 4];   // a hub keeps its label
      }
      cells(at, true);
      ctx.font = (kind === "other" ? "" : "bold ") + px + "px " + FONT;
      var lx = (at[0] + at[2]) / 2, ly = at[1] + 1;
      if (far) {
        ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(Math.max(at[0], Math.min(at[2], x)), Math.max(at[1], Math.min(at[3], y)));
        ctx.lineWidth = 1; ctx.strokeStyle = "rgba(80,80,80,0.55)"; ctx.stroke();
      }
      if (kind === "hot") {
        ctx.fillStyle = "rgba(255,251,230,0.95)"; ctx.fillRect(at[0] - 2, at[1] - 1, at[2] - at[0] + 4, at[3] - at[1] + 2);
      }
      ctx.lineWidth = 4; ctx.strokeStyle = "rgba(255,255,255,0.92)"; ctx.strokeText(text, lx, ly);
      ctx.fillStyle = kind === "other" ? "#333" : "#111"; ctx.fillText(text, lx, ly);
      drawn.push(m.id);
      return true;
    }
    if (hot && nodeById.has(hot)) {
      label(nodeById.get(hot), "hot");
      hotNeighbours.forEach(function (id) { if (nodeShown(id)) { label(nodeById.get(id), "hot"); } });
    }
    var hubs = hubCount(), others = 0, done = new Set(drawn);
    for (var i = 0; i < shown.length; i++) {
      var m = shown[i];
      if (done.has(m.id)) { continue; }
      if (i < hubs) { label(m, "hub"); } else if (label(m, "other") && ++others >= OTHERS_MAX) { break; }
    }
    ctx.restore();
    window.aikgLabelled = drawn;
  }
  function drawGroups(ctx) {                            // a faint disc under each city's nodes
    if (!state.grouped || !model.place_groups) { return; }
    model.place_groups.forEach(function (g) {
      ctx.beginPath(); ctx.arc(g.x, g.y, g.r + 30, 0, 2 * Math.PI);
      ctx.fillStyle = g.key === "*" ? "rgba(255,193,7,0.07)" : "rgba(55,71,79,0.05)"; ctx.fill();
      ctx.lineWidth = 1.5 / network.body.view.scale; ctx.strokeStyle = "rgba(55,71,79,0.25)"; ctx.stroke();
    });
  }
  network.on("beforeDrawing", drawGroups);
  network.on("afterDrawing", drawLabels);
  network.on("hoverNode", function (p) {
    hot = p.node;
    hotNeighbours = new Set((incident.get(hot) || []).map(function (e) { return e.from === hot ? e.to : e.from; }));
    network.redraw();
  });
  network.on("blurNode", function () { hot = null; hotNeighbours = new Set(); network.redraw(); });

  // ---- filters = legend ------------------------------------------------------------------
  function checkbox(group, value, icon, label, en) {
    var row = el("label", null, "filter");
    var box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.setAttribute("data-filter", group); box.setAttribute("data-value", value);
    box.addEventListener("change", function () {
      if (box.checked) { state[group].add(value); } else { state[group].delete(value); }
      refresh();
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
  // ---- place, unconnected nodes, grouping ---------------------------------------------------------
  var facets = el("fieldset", null, "facets");
  facets.appendChild(el("legend", "地区与显示 Place & display"));
  var placeSelect = el("select");
  placeSelect.id = "place-filter";
  placeSelect.setAttribute("aria-label", "按地区筛选 Filter by place");
  function option(value, text) { var o = el("option", text); o.value = value; placeSelect.appendChild(o); }
  option("", "全部地区 All places (" + model.nodes.length + ")");
  (model.places || []).forEach(function (p) {
    option(p.key, "\u3000".repeat(p.depth) + p.label + " (" + p.nodes + ")");
  });
  var nowhere = model.nodes.filter(function (n) { return !n.places || !n.places.length; }).length;
  if (nowhere && (model.places || []).length) { option("?", "地区不明 No place (" + nowhere + ")"); }
  placeSelect.value = state.place;
  placeSelect.addEventListener("change", function () { setPlace(placeSelect.value); });
  facets.appendChild(placeSelect);
  function toggle(id, text, checked, disabled, change) {
    var row = el("label", null, "filter toggle");
    var box = el("input");
    box.type = "checkbox"; box.id = id; box.checked = checked; box.disabled = disabled;
    box.addEventListener("change", function () { change(box.checked); });
    row.appendChild(box); row.appendChild(el("span", text));
    facets.appendChild(row);
    return box;
  }
  var unconnectedBox = toggle("show-unconnected", "显示未连接 Show unconnected (" + (model.stats.unconnected || 0) + ")",
    state.unconnected, !model.stats.unconnected, function (on) { setUnconnected(on); });
  var groupBox = model.place_groups && model.place_groups.length ?
    toggle("group-by-place", "按地区分组 Group by place", state.grouped, false, function (on) { setGrouped(on); }) : null;
  filters.appendChild(facets);
  function setPlace(key) {
    state.place = key === "?" || placeByKey.has(key) ? key : "";
    placeSelect.value = state.place;
    relayout(); refresh(); saveHash(); fitShown();
  }
  function setUnconnected(on) {
    state.unconnected = !!on; unconnectedBox.checked = state.unconnected;
    refresh(); saveHash(); fitShown();
  }
  // where the nodes stand: as laid out (default), grouped by city, or — one city shown alone — its disc with
  // the nodes it shares with other cities beside it
  var groupKeys = (model.place_groups || []).map(function (g) { return g.key; });
  function layoutNow() {
    var city = groupKeys.filter(function (k) {
      return state.place && k !== "*" && k !== "?" && (state.place === k || state.place.lastIndexOf(k + "/", 0) === 0);
    })[0];
    return city ? "city:" + city : state.grouped ? "grouped" : "plain";
  }
  var layoutShown = state.grouped ? "grouped" : "plain", plain = null;
  function place(m, how) {
    if (how === "plain" || m.gx === undefined) {
      var back = plain && plain[m.id];
      return back ? [back.x, back.y] : [m.x, m.y];
    }
    var city = how.slice(5);
    return how !== "grouped" && m.uxy && m.uxy[city] ? m.uxy[city] : [m.gx, m.gy];
  }
  function relayout() {
    var how = layoutNow();
    if (how === layoutShown || !groupKeys.length) { return; }
    if (layoutShown === "plain") { plain = network.getPositions(); }
    nodes.update(model.nodes.map(function (m) { var xy = place(m, how); return { id: m.id, x: xy[0], y: xy[1] }; }));
    layoutShown = how;
  }
  function setGrouped(on) {
    if (!groupBox) { return; }
    state.grouped = !!on;
    groupBox.checked = state.grouped;
    relayout(); saveHash(); fitShown();
  }
  window.addEventListener("hashchange", function () {      // a link to this page with another #place=…
    var h = readHash();
    setUnconnected(h.unconnected === "1");
    setGrouped(h.group === "place");
    setPlace(h.place || "");
  });

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
    bridgesSection();
    panel.appendChild(el("p", "点击节点或连线查看原文证据。Click a node or a line to read its evidence.", "meta"));
    unconnectedSection();
  }

  // the nodes of the canvas, or the members of an overview's groups: shown, focused, their panel open
  var memberById = new Map();
  model.nodes.forEach(function (n) { (n.members || []).forEach(function (m) { memberById.set(m.id, { m: m, group: n }); }); });
  function reveal(id) {
    var m = nodeById.get(id);
    if (m) {
      if (m.unconnected && !state.unconnected) { setUnconnected(true); }
      if (!inPlace(m.places)) { setPlace(""); }
      focusNode(id); showNode(id);
    } else if (memberById.has(id)) {
      var hit = memberById.get(id);
      if (hit.group.unconnected && !state.unconnected) { setUnconnected(true); }
      focusNode(hit.group.id); showMember(hit.m, hit.group);
    }
  }
  function whoLink(id, text) {
    var known = nodeById.get(id) || (memberById.get(id) || {}).m, b = el("button", text || (known ? known.label : id), "who");
    b.type = "button"; b.setAttribute("data-id", id);
    b.addEventListener("click", function () { reveal(id); });
    return b;
  }
  function placeLink(key) {
    var a = link(relHref("ecosystem.html#place=" + key), placeName(key));
    a.setAttribute("data-place", key);
    return a;
  }
  function unconnectedSection() {
    if (!model.unconnected || !model.unconnected.length) { return; }
    var sec = el("section");
    sec.id = "unconnected";
    sec.appendChild(el("h3", "未连接的节点 Unconnected (" + model.stats.unconnected + ")"));
    sec.appendChild(el("p", "文件提到了它们，但没有一条关系连到它们，所以图上默认不画；勾选左侧“显示未连接”可画出。" +
      " Named in the documents but linked to nothing: left off the canvas unless “Show unconnected” is ticked.", "meta"));
    model.unconnected.forEach(function (grp) {
      var d = el("details"), s = el("summary"), ul = el("ul", null, "members");
      d.setAttribute("data-type", grp.type);
      s.appendChild(shapeIcon(grp.shape, grp.color));
      s.appendChild(el("span", " " + grp.type_label + " "));
      s.appendChild(el("span", grp.type, "en"));
      s.appendChild(el("span", " (" + grp.count + ")", "count"));
      d.appendChild(s); d.appendChild(ul);
      function fill() {
        grp.ids.forEach(function (id) {
          var li = el("li"), known = nodeById.get(id) || (memberById.get(id) || {}).m;
          if (known && known.href) { li.appendChild(link(relHref(known.href), known.label)); li.appendChild(el("span", " ")); }
          li.appendChild(known && known.href ? whoLink(id, "在图中 show") : whoLink(id));
          ul.appendChild(li);
        });
      }
      if (grp.count <= 300) { fill(); } else {
        d.addEventListener("toggle", function () { if (d.open && !ul.firstChild) { fill(); } });
      }
      sec.appendChild(d);
    });
    panel.appendChild(sec);
  }
  function table(heads, rows) {
    var t = el("table"), tr = el("tr");
    heads.forEach(function (h) { tr.appendChild(el("th", h)); });
    t.appendChild(tr);
    rows.forEach(function (cells) {
      var row = el("tr");
      cells.forEach(function (c) { var td = el("td"); (Array.isArray(c) ? c : [c]).forEach(function (x) {
        td.appendChild(typeof x === "object" ? x : document.createTextNode(String(x))); }); row.appendChild(td); });
      t.appendChild(row);
    });
    return t;
  }
  function joined(items, max) {
    var out = [];
    items.slice(0, max).forEach(function (x, i) { if (i) { out.push("、"); } out.push(x); });
    if (items.length > max) { out.push(" 等 " + items.length + " 个 …"); }
    return out;
  }
  function bridgesSection() {
    if (model.kind !== "bridges") { return; }
    var st = model.stats;
    panel.appendChild(el("p", st.bridges + " 个机构在两个及以上城市的文件中出现；" + st.cities + " 个城市，" + st.pairs_shared + " / " +
      st.pairs + " 对城市有共同伙伴。" + st.bridges + " organisations named in documents of two or more cities; " +
      st.cities + " cities; " + st.pairs_shared + " of " + st.pairs + " city pairs share a partner.", "meta"));
    if (!st.cities) {
      panel.appendChild(el("p", "没有文件标出地区。No document has a place.", "meta"));
      return;
    }
    panel.appendChild(el("h3", "跨地区机构 Who connects the cities (" + model.bridges.length + ")"));
    var b = table(["机构 Organisation", "城市 Cities"], model.bridges.map(function (x) {
      return [whoLink(x.id, x.label), [x.places.length + "："].concat(joined(x.places.map(function (p) { return placeLink(p.key); }), 8))];
    }));
    b.id = "bridges-table";
    panel.appendChild(b);
    panel.appendChild(el("h3", "有共同伙伴的城市对 City pairs sharing a partner (" + model.pairs.length + ")"));
    var pt = table(["城市对 Pair", "共同伙伴 Shared partners"], model.pairs.map(function (x) {
      return [[placeLink(x.a), " — ", placeLink(x.b)],
              [x.shared.length + "："].concat(joined(x.shared.map(function (id) { return whoLink(id); }), 4))];
    }));
    pt.id = "pairs-table";
    panel.appendChild(pt);
    var none = new Map();
    model.no_shared_partner.forEach(function (pair) {
      [[pair[0], pair[1]], [pair[1], pair[0]]].forEach(function (ab) {
        if (!none.has(ab[0])) { none.set(ab[0], []); }
        none.get(ab[0]).push(ab[1]);
      });
    });
    panel.appendChild(el("h3", "没有共同伙伴的城市对 City pairs with no shared partner (" + model.no_shared_partner.length + ")"));
    var nt = table(["城市 City", "与这些城市没有共同伙伴 Shares no partner with"], model.cities.filter(function (c) {
      return none.has(c.key); }).map(function (c) {
      var others = none.get(c.key);
      return [placeLink(c.key), [others.length + "："].concat(joined(others.map(placeName), 10))];
    }));
    nt.id = "unshared-table";
    panel.appendChild(nt);
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
      var p = el("p");
      p.appendChild(link(relHref(n.href), n.type === "Place" ? "在生态全景中只看该地区 Open the ecosystem of this place"
                                                           : "查看合作网络 Open partner view"));
      panel.appendChild(p);
    }
    if (n.places && n.places.length) {
      var where = el("p", "地区 Places：", "meta places");
      joined(n.places.map(function (k) { return placeLink(k); }), 12).forEach(function (x) {
        where.appendChild(typeof x === "object" ? x : document.createTextNode(x)); });
      panel.appendChild(where);
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
    var m = nodeById.get(hit.node);
    if (m && !nodeShown(hit.node)) {                 // found, but off the canvas: bring it back
      if (m.unconnected && !state.unconnected) { setUnconnected(true); }
      if (!inPlace(m.places)) { setPlace(""); }
    }
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

  relayout();
  refresh();
  fitShown();
  showOverview();
  if (model.kind === "ego" && model.centre) { network.selectNodes([model.centre]); showNode(model.centre); }
  window.network = network;   // as in pyvis's own template
  window.aikg = { model: model, network: network, nodes: nodes, edges: edges, nodeView: nodeView,
                  edgeView: edgeView, showNode: showNode, showEdge: showEdge, search: runSearch, state: state,
                  setPlace: setPlace, setUnconnected: setUnconnected, setGrouped: setGrouped, reveal: reveal,
                  shownIds: function () { return shown.map(function (m) { return m.id; }); }, hubCount: hubCount,
                  labelled: function () { return window.aikgLabelled.slice(); } };
}());
