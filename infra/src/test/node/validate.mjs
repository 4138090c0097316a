// Validates Kubernetes objects against the schemas of the kubernetes-models packages:
//   1. each model's JSON-schema validator (ajv, compiled from the Kubernetes OpenAPI document and
//      from the cert-manager / Traefik / prometheus-operator CRDs): types, required fields, enums,
//      formats;
//   2. TypeScript's excess-property check over the same models' type declarations: those schemas
//      do not forbid unknown fields (the API server prunes or, with strict field validation,
//      refuses them), so a misspelt field would otherwise pass.
// Input: a JSON file [{"source": "...", "object": {...}}, ...]. Output (stdout): a JSON array of
// {"source", "kind", "name", "errors": [...]}, one per input, in order. Exit 0 unless the run
// itself failed (the caller decides what errors mean).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const here = path.dirname(new URL(import.meta.url).pathname);
const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

// apiVersion -> the module of its group and version (kubernetes-models exports one module per
// <group>/<version>, the core group as "v1").
function modulePath(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  let pkg = "kubernetes-models";
  if (group.endsWith("cert-manager.io")) pkg = "@kubernetes-models/cert-manager";
  else if (group === "traefik.io") pkg = "@kubernetes-models/traefik";
  else if (group === "monitoring.coreos.com") pkg = "@kubernetes-models/prometheus-operator";
  return group ? `${pkg}/${group}/${version}` : `${pkg}/${version}`;
}

const results = input.map(({ source, object }) => ({
  source,
  kind: object?.kind ?? null,
  name: object?.metadata?.name ?? null,
  errors: [],
}));

// 1. JSON schema.
const typed = [];
for (let i = 0; i < input.length; i++) {
  const object = input[i].object;
  if (!object || typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    results[i].errors.push("not a Kubernetes object: apiVersion and kind are required");
    continue;
  }
  const specifier = modulePath(object.apiVersion);
  const module = await import(specifier).catch(() => ({}));
  const Model = module[object.kind];
  if (typeof Model !== "function") {
    results[i].errors.push(`no schema for ${object.apiVersion} ${object.kind} (${specifier})`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    results[i].errors.push(`schema: ${e.message}`);
  }
  typed.push({ index: i, specifier, kind: object.kind });
}

// 2. Unknown fields: one TypeScript file, one object literal per line, typed by its model.
const lines = [];
const lineOf = new Map();
typed.forEach(({ index, specifier, kind }, n) => {
  lines.push(`import type { I${kind} as T${n} } from "${specifier}";`);
});
typed.forEach(({ index }, n) => {
  lineOf.set(lines.length, index);
  lines.push(`export const o${n}: T${n} = ${JSON.stringify(input[index].object)};`);
});
const file = path.join(here, "objects.ts");
const source = lines.join("\n");
const host = ts.createCompilerHost({});
const readSource = host.getSourceFile;
host.getSourceFile = (name, language, ...rest) =>
  path.resolve(name) === file ? ts.createSourceFile(name, source, language) : readSource(name, language, ...rest);
const program = ts.createProgram([file], {
  noEmit: true,
  strict: true,
  skipLibCheck: true,
  types: [],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
}, host);
for (const d of ts.getPreEmitDiagnostics(program)) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || path.resolve(d.file.fileName) !== file) {
    results.forEach((r) => r.errors.push(`type check: ${message}`));
    continue;
  }
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  const index = lineOf.get(line);
  if (index === undefined) {
    results.forEach((r) => r.errors.push(`type check: ${message}`));
    continue;
  }
  results[index].errors.push(`unknown field or wrong type at ${where(d.file, d.start)}: ${message}`);
}

// The JSON path of the property the diagnostic points at, from the syntax tree.
function where(sourceFile, position) {
  let node = sourceFile;
  for (;;) {
    const child = node.getChildren(sourceFile).find((c) => c.getStart(sourceFile) <= position && position < c.getEnd());
    if (!child) break;
    node = child;
  }
  const parts = [];
  for (let n = node; n && !ts.isVariableDeclaration(n); n = n.parent) {
    if (ts.isPropertyAssignment(n)) parts.unshift(JSON.parse(n.name.getText(sourceFile)));
    else if (n.parent && ts.isArrayLiteralExpression(n.parent)) parts.unshift(`[${n.parent.elements.indexOf(n)}]`);
  }
  return parts.join(".").replaceAll(".[", "[") || "(object)";
}
process.stdout.write(JSON.stringify(results));
