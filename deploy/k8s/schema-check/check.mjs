// Reads rendered manifests (one or more YAML streams) and prints, as JSON, each object with the schema errors of its
// apiVersion and kind. An object of a kind no package models is reported as such, never passed.
import fs from "node:fs";
import yaml from "js-yaml";

const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

async function modelOf(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  try {
    return (await import(`${packages[group] || "kubernetes-models"}/${apiVersion}`))[kind];
  } catch (e) {
    return undefined;
  }
}

const results = [];
for (const file of process.argv.slice(2)) {
  for (const object of yaml.loadAll(fs.readFileSync(file, "utf8"))) {
    if (!object) continue;
    const entry = { file, apiVersion: object.apiVersion, kind: object.kind, name: object.metadata && object.metadata.name, errors: [] };
    const Model = object.apiVersion && object.kind ? await modelOf(object.apiVersion, object.kind) : undefined;
    if (!Model) {
      entry.errors.push(`no schema for ${object.apiVersion} ${object.kind}`);
    } else {
      try {
        new Model(object).validate();
      } catch (e) {
        entry.errors.push(e.message);
      }
    }
    results.push(entry);
  }
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
