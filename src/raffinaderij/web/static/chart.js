// The link chart (issue 10). The page hands in the first expansion; a double-click expands a
// node through /api/graph/expand and two picked nodes ask /api/graph/path: the same guarded,
// audited services as the API, so the chart can only hold what its reader may see.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const COLOURS = {
    Person: "#1f4e8c", Vehicle: "#b5651d", Phone: "#2e8b57", Address: "#7a4f9a",
    Organisation: "#a11d1d", BankAccount: "#8a6d00", Incident: "#444444", Document: "#777777",
    Payment: "#2b7a78",
  };
  const SHAPES = {
    Person: "ellipse", Vehicle: "round-rectangle", Phone: "diamond", Address: "triangle",
    Organisation: "hexagon", BankAccount: "rectangle", Incident: "star", Document: "tag",
    Payment: "vee",
  };
  const cy = cytoscape({
    container: document.getElementById("chart"),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
        "background-color": (n) => COLOURS[n.data("schema")] || "#999",
        shape: (n) => SHAPES[n.data("schema")] || "ellipse", width: 22, height: 22 } },
      { selector: "node.root", style: { "border-width": 3, "border-color": "#f0a500" } },
      { selector: "node.picked", style: { "border-width": 3, "border-color": "#e0218a" } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#b8bfcc", "curve-style": "bezier", label: "data(label)",
        "font-size": 8, color: "#5b6475", "text-rotation": "autorotate" } },
      { selector: "node.onpath", style: { "border-color": "#e0218a", "border-width": 4 } },
      { selector: "edge.onpath", style: { "line-color": "#e0218a", width: 3 } },
    ],
  });
  window.raffChart = cy; // for the browser test and the console
  const count = document.getElementById("chart-count");
  const edges = document.getElementById("chart-edges");
  const more = document.getElementById("chart-more");
  const msg = document.getElementById("chart-msg");
  const pathButton = document.getElementById("chart-path");
  const hideButton = document.getElementById("chart-hide");
  let picked = [];
  // What the chart was made of, saved as its recipe (never the data): the server re-runs it
  // under each reader's guard. A reopened chart starts from the nodes its reader sees.
  const recipe = { seeds: data.seeds || [], expansions: data.expansions || [], paths: [], hidden: [] };
  const positions = data.positions || {};

  function add(answer) {
    const els = [];
    for (const n of answer.nodes) {
      const node = cy.getElementById(n.id);
      if (node.empty()) {
        const el = { group: "nodes", data: { id: n.id, label: n.caption, schema: n.schema } };
        const xy = positions[n.id];
        if (xy) el.position = { x: xy[0], y: xy[1] };
        els.push(el);
      } else {
        node.data({ label: n.caption, schema: n.schema }); // the server's caption wins
      }
    }
    for (const e of answer.edges) {
      const id = e.source + "|" + e.target + "|" + e.link_type;
      if (cy.getElementById(id).empty()) {
        els.push({ group: "edges", data: {
          id: id, source: e.source, target: e.target, label: e.link_type,
          registrations: e.reg_keys.length } });
      }
    }
    cy.add(els);
    const placed = cy.nodes().every((n) => positions[n.id()]);
    if (placed) {
      cy.fit(undefined, 40);
      if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); } // a small chart is not blown up
    } else {
      cy.layout({ name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true }).run();
    }
    for (const n of cy.nodes()) delete positions[n.id()]; // from now on the layout decides
    count.textContent = cy.nodes().length;
    edges.textContent = cy.edges().length;
  }

  async function getJson(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) { msg.textContent = r.status + " " + r.statusText; return null; }
    return r.json();
  }

  add(data);
  // the entity the chart was opened on, or the selection it was opened for (a map's places)
  const marked = data.marked || (data.nodes.length && !data.chart_id ? [data.nodes[0].id] : []);
  for (const id of marked) cy.getElementById(id).addClass("root");

  cy.on("dbltap", "node", async (evt) => {
    const answer = await getJson("/api/graph/expand?entity_ids=" + encodeURIComponent(evt.target.id()));
    if (answer) {
      recipe.expansions.push({ ids: [evt.target.id()] });
      add(answer); more.textContent = answer.more;
    }
  });

  cy.on("tap", "node", (evt) => {
    const id = evt.target.id();
    picked = picked.filter((p) => p !== id).concat([id]).slice(-2);
    cy.nodes().removeClass("picked");
    for (const p of picked) cy.getElementById(p).addClass("picked");
    pathButton.disabled = picked.length < 2;
    hideButton.disabled = picked.length < 1;
  });

  hideButton.addEventListener("click", () => {
    for (const p of picked) { recipe.hidden.push(p); cy.getElementById(p).remove(); }
    picked = [];
    hideButton.disabled = pathButton.disabled = true;
    count.textContent = cy.nodes().length;
    edges.textContent = cy.edges().length;
  });

  // Save: the recipe and where each node stands now.
  document.getElementById("chart-save").addEventListener("submit", () => {
    const placed = {};
    cy.nodes().forEach((n) => { const p = n.position(); placed[n.id()] = [p.x, p.y]; });
    document.getElementById("chart-recipe").value = JSON.stringify(
      Object.assign({}, recipe, { positions: placed }));
  });

  // PNG, drawn in the browser from what is on the chart.
  document.getElementById("chart-png").addEventListener("click", (evt) => {
    evt.currentTarget.href = cy.png({ output: "base64uri", full: true, bg: "#ffffff", scale: 2 });
  });

  // The timeline (and map) of the selection: the picked nodes, else every node on the chart.
  function openFor(button) {
    const ids = (picked.length ? picked : cy.nodes().map((n) => n.id()));
    const query = ids.map((id) => "ids=" + encodeURIComponent(id)).join("&");
    window.location.href = button.dataset.href + "?" + query;
  }
  for (const id of ["chart-timeline", "chart-map"]) {
    const button = document.getElementById(id);
    if (button) button.addEventListener("click", () => openFor(button));
  }

  pathButton.addEventListener("click", async () => {
    const [a, b] = picked;
    const answer = await getJson("/api/graph/path?source=" + encodeURIComponent(a) +
      "&target=" + encodeURIComponent(b));
    if (!answer) return;
    cy.elements().removeClass("onpath");
    if (!answer.found) { msg.textContent = msg.dataset.noPath; return; }
    msg.textContent = "";
    recipe.paths.push([a, b]);
    add(answer);
    for (const n of answer.nodes) cy.getElementById(n.id).addClass("onpath");
    for (const e of answer.edges) cy.getElementById(e.source + "|" + e.target + "|" + e.link_type).addClass("onpath");
  });
})();
