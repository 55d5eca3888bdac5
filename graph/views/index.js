// aikg index: every view and every organisation, filtered by name or alias. textContent only.
(function () {
  "use strict";
  var model = JSON.parse(document.getElementById("aikg-model").textContent);
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function link(href, text) {
    var a = el("a", text);
    a.setAttribute("href", href.split("/").map(encodeURIComponent).join("/"));
    return a;
  }
  function norm(s) { return String(s || "").normalize("NFKC").toLowerCase().replace(/[\s“”‘’"'《》〈〉「」『』]/g, ""); }

  document.getElementById("description").textContent = model.description;
  var views = document.getElementById("views");
  model.views.forEach(function (v) {
    var li = el("li");
    li.appendChild(link(v.path, v.title));
    li.appendChild(el("span", " — " + v.description + "（" + v.nodes + " 节点 nodes, " + v.edges + " 连线 lines" +
      (v.aggregated ? "，按群组汇总 aggregated" : "") + "）"));
    views.appendChild(li);
  });
  var body = document.querySelector("#orgs tbody");
  var rows = model.organisations.map(function (o) {
    var tr = el("tr");
    var name = el("td"); name.appendChild(link(o.href, o.label)); tr.appendChild(name);
    tr.appendChild(el("td", o.type_label + " " + o.type));
    tr.appendChild(el("td", o.aliases.join("、")));
    tr.appendChild(el("td", o.facts)); tr.appendChild(el("td", o.achieved)); tr.appendChild(el("td", o.planned));
    body.appendChild(tr);
    return { tr: tr, keys: [o.label].concat(o.aliases).map(norm) };
  });
  var count = document.getElementById("org-count");
  function filter() {
    var q = norm(document.getElementById("search").value), shown = 0;
    rows.forEach(function (r) {
      var hit = !q || r.keys.some(function (k) { return k.indexOf(q) >= 0; });
      r.tr.style.display = hit ? "" : "none";
      if (hit) { shown += 1; }
    });
    count.textContent = "(" + shown + " / " + rows.length + ")";
  }
  document.getElementById("search").addEventListener("input", filter);
  filter();
  window.aikgReady = true;
  document.body.setAttribute("data-ready", "1");
}());
