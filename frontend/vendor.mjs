// Copies the pinned front-end libraries into the Python package and records versions and licences.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { feature } from "topojson-client";

const out = process.argv[2];
const files = {
  "htmx.org": ["dist/htmx.min.js"],
  "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css"],
  cytoscape: ["dist/cytoscape.min.js"],
  leaflet: ["dist/leaflet.js", "dist/leaflet.css"],
};
mkdirSync(out, { recursive: true });
const lines = ["library\tversion\tlicence\tfiles"];
const meta = (name) => JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8"));
for (const [name, paths] of Object.entries(files)) {
  for (const p of paths) copyFileSync(join("node_modules", name, p), join(out, p.split("/").pop()));
  lines.push([name, meta(name).version, meta(name).license, paths.join(",")].join("\t"));
}

// The map's basemap (issue 10): country outlines of the Netherlands and its neighbours, cut at
// build time from world-atlas (Natural Earth 1:50m, public domain) with topojson-client, so the
// map needs no tiles and no network.
const OUTLINE = { "528": "NL", "056": "BE", "276": "DE", "442": "LU", "250": "FR", "826": "GB" };
const atlas = JSON.parse(readFileSync(join("node_modules", "world-atlas", "countries-50m.json"), "utf8"));
const countries = feature(atlas, atlas.objects.countries);
const outline = {
  type: "FeatureCollection",
  features: countries.features
    .filter((f) => f.id in OUTLINE)
    .map((f) => ({ type: "Feature", id: OUTLINE[f.id], properties: { name: f.properties.name }, geometry: f.geometry })),
};
writeFileSync(join(out, "outline.geojson"), JSON.stringify(outline));
lines.push(["world-atlas", meta("world-atlas").version, meta("world-atlas").license + " (data: Natural Earth, public domain)", "countries-50m.json -> outline.geojson"].join("\t"));
lines.push(["topojson-client", meta("topojson-client").version, meta("topojson-client").license, "(build only: TopoJSON -> GeoJSON)"].join("\t"));
writeFileSync(join(out, "VERSIONS.tsv"), lines.join("\n") + "\n");
