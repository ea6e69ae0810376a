// Copies the pinned front-end libraries into the Python package and records versions and licences.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
const files = {
  "htmx.org": ["dist/htmx.min.js"],
  "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css"],
  cytoscape: ["dist/cytoscape.min.js"],
};
mkdirSync(out, { recursive: true });
const lines = ["library\tversion\tlicence\tfiles"];
for (const [name, paths] of Object.entries(files)) {
  const meta = JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8"));
  for (const p of paths) copyFileSync(join("node_modules", name, p), join(out, p.split("/").pop()));
  lines.push([name, meta.version, meta.license, paths.join(",")].join("\t"));
}
writeFileSync(join(out, "VERSIONS.tsv"), lines.join("\n") + "\n");
