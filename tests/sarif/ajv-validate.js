#!/usr/bin/env node
// ajv-validate.js — validates SARIF files against the SARIF 2.1.0 JSON schema
// that ships inside @microsoft/sarif-multitool-linux (tests/tools).
//
//   node tests/sarif/ajv-validate.js FILE.sarif...
//
// Prints one line per schema error ("FILE: /instance/path: message") and
// exits 1 when any file is invalid, 2 when the tools are missing.
'use strict';
const fs = require('fs');
const path = require('path');

const tools = path.join(__dirname, '..', 'tools', 'node_modules');
const schemaPath = path.join(tools, '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
let Ajv2020, addFormats;
try {
    Ajv2020 = require(path.join(tools, 'ajv', 'dist', '2020')).default;
    addFormats = require(path.join(tools, 'ajv-formats')).default;
} catch (e) {
    console.error(`ajv-validate: ajv is not installed in tests/tools (run scripts/deps.sh test): ${e.message}`);
    process.exit(2);
}
if (!fs.existsSync(schemaPath)) {
    console.error(`ajv-validate: schema not found: ${schemaPath}`);
    process.exit(2);
}

const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
// strict: false — the official schema uses keywords ajv's strict mode rejects
// (e.g. "default" next to "$ref"); allErrors so one run reports everything.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let bad = 0;
for (const file of process.argv.slice(2)) {
    let doc;
    try {
        doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
        console.log(`${file}: not JSON: ${e.message}`);
        bad++;
        continue;
    }
    if (!validate(doc)) {
        bad++;
        for (const err of validate.errors) {
            const extra = err.params && Object.keys(err.params).length ? ' ' + JSON.stringify(err.params) : '';
            console.log(`${file}: ${err.instancePath || '/'}: ${err.message}${extra}`);
        }
    }
}
process.exit(bad ? 1 : 0);
