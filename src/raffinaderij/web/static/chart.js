// The link chart (issue 10). The page hands in the first expansion; a double-click expands a
// node through /api/graph/expand, two picked nodes ask /api/graph/path, more ask
// /api/graph/connect and picked persons /api/graph/cooccurrence: the same guarded, audited
// services as the API, so the chart can only hold what its reader may see.
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
      { selector: "node:locked", style: { "border-width": 2, "border-style": "double", "border-color": "#333" } },
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
  const pinButton = document.getElementById("chart-pin");
  const connectButton = document.getElementById("chart-connect");
  const sharedButton = document.getElementById("chart-shared");
  const MAX_CONNECT = 12;
  let picked = [];
  // What the chart was made of, saved as its recipe (never the data): the server re-runs it
  // under each reader's guard. A reopened chart starts from the nodes its reader sees.
  const recipe = {
    seeds: data.seeds || [], expansions: data.expansions || [], paths: [], hidden: [],
    pinned: data.pinned || [],
  };
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
  for (const id of recipe.pinned) cy.getElementById(id).lock();
  // the entity the chart was opened on, or the selection it was opened for (a map's places)
  const marked = data.marked || (data.nodes.length && !data.chart_id ? [data.nodes[0].id] : []);
  for (const id of marked) cy.getElementById(id).addClass("root");

  // the filter a double-click expands along (link type, role, legal basis, processed between)
  function filter() {
    const value = (id) => document.getElementById(id).value;
    const step = {};
    if (value("chart-type")) step.link_types = [value("chart-type")];
    if (value("chart-role")) step.roles = [value("chart-role")];
    if (value("chart-basis")) step.basis = [Number(value("chart-basis"))];
    if (value("chart-start")) step.start = value("chart-start");
    if (value("chart-end")) step.end = value("chart-end");
    return step;
  }

  cy.on("dbltap", "node", async (evt) => {
    const step = filter();
    let url = "/api/graph/expand?entity_ids=" + encodeURIComponent(evt.target.id());
    for (const [key, value] of Object.entries(step)) {
      for (const v of [].concat(value)) url += "&" + key + "=" + encodeURIComponent(v);
    }
    const answer = await getJson(url);
    if (answer) {
      recipe.expansions.push(Object.assign({ ids: [evt.target.id()] }, step));
      add(answer); more.textContent = answer.more;
    }
  });

  function showPicked() {
    cy.nodes().removeClass("picked");
    for (const p of picked) cy.getElementById(p).addClass("picked");
    pathButton.disabled = picked.length !== 2;
    connectButton.disabled = picked.length < 2;
    hideButton.disabled = pinButton.disabled = picked.length < 1;
    sharedButton.disabled = !picked.some((p) => cy.getElementById(p).data("schema") === "Person");
  }

  // a tap picks a node (up to twelve; Path takes the last two), a second tap lets it go
  cy.on("tap", "node", (evt) => {
    const id = evt.target.id();
    picked = picked.includes(id) ? picked.filter((p) => p !== id) : picked.concat([id]).slice(-MAX_CONNECT);
    showPicked();
  });

  hideButton.addEventListener("click", () => {
    for (const p of picked) {
      recipe.hidden.push(p);
      recipe.pinned = recipe.pinned.filter((q) => q !== p);
      cy.getElementById(p).remove();
    }
    picked = [];
    showPicked();
    count.textContent = cy.nodes().length;
    edges.textContent = cy.edges().length;
  });

  // Pin: the picked nodes keep their place when the chart is laid out again (and when saved)
  pinButton.addEventListener("click", () => {
    for (const p of picked) {
      const node = cy.getElementById(p);
      if (node.locked()) { node.unlock(); recipe.pinned = recipe.pinned.filter((q) => q !== p); }
      else { node.lock(); recipe.pinned.push(p); }
    }
  });

  function mark(answer) {
    for (const n of answer.nodes) cy.getElementById(n.id).addClass("onpath");
    for (const e of answer.edges) cy.getElementById(e.source + "|" + e.target + "|" + e.link_type).addClass("onpath");
  }

  connectButton.addEventListener("click", async () => {
    const query = picked.map((id) => "entity_ids=" + encodeURIComponent(id)).join("&");
    const answer = await getJson("/api/graph/connect?" + query);
    if (!answer) return;
    cy.elements().removeClass("onpath");
    for (const [a, b] of answer.connected) recipe.paths.push([a, b]);
    add(answer);
    mark(answer);
    msg.textContent = answer.unconnected.length
      ? answer.unconnected.length + " " + msg.dataset.unconnected : "";
  });

  // who shares an incident, address, vehicle, phone or account with the picked persons
  sharedButton.addEventListener("click", async () => {
    const persons = picked.filter((p) => cy.getElementById(p).data("schema") === "Person");
    const query = persons.map((id) => "entity_ids=" + encodeURIComponent(id)).join("&");
    const answer = await getJson("/api/graph/cooccurrence?limit=25&" + query);
    if (!answer) return;
    if (!answer.pairs.length) { msg.textContent = msg.dataset.noShared; return; }
    msg.textContent = "";
    const nodes = new Map();
    const links = [];
    for (const pair of answer.pairs) {
      nodes.set(pair.a.id, pair.a); nodes.set(pair.b.id, pair.b);
      for (const s of pair.shared) { nodes.set(s.via.id, s.via); links.push(...s.links); }
    }
    // saved as seeds: a reopened chart shows them again while its reader may see them
    for (const id of nodes.keys()) if (!recipe.seeds.includes(id)) recipe.seeds.push(id);
    const shown = { nodes: [...nodes.values()], edges: links };
    cy.elements().removeClass("onpath");
    add(shown);
    mark(shown);
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
    mark(answer);
  });
})();
