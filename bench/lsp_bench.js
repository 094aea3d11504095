// lsp_bench.js — how long `stacklint lsp` takes to answer a small edit of a large
// template: the time from sending one incremental didChange (a one-character
// change in the middle of the file) to receiving its publishDiagnostics, as an
// editor sees it. Run by bench/run.sh; also on its own:
//
//   node bench/lsp_bench.js build/stacklint TEMPLATE [EDITS]
//
// Prints one line: "<KB> KB <format>, <N> findings: median X ms, p95 Y ms, max Z ms
// (in the server: median W ms)" — round trips as the client measures them, and the
// server's own lint + publish time from its STACKLINT_LSP_TIMING log.
"use strict";
const fs = require("fs");
const path = require("path");
const { Client } = require(path.join(__dirname, "..", "tests", "lsp", "client.js"));

const [bin, file, editsArg] = process.argv.slice(2);
const EDITS = Number(editsArg || 41);
const text = fs.readFileSync(file, "utf8");
const lines = text.split("\n");
// a number in the middle of the file to retype: "VisibilityTimeout: 180" in YAML,
// "\"VisibilityTimeout\": 180" in JSON
let target = -1;
for (let i = Math.floor(lines.length / 2); i < lines.length && target < 0; i++)
    if (/VisibilityTimeout"?: \d/.test(lines[i])) target = i;
if (target < 0) { console.error("no VisibilityTimeout line in the second half of " + file); process.exit(2); }
const col = lines[target].search(/\d/);

(async () => {
    process.env.STACKLINT_LSP_TIMING = "1";
    const c = new Client(bin);
    await c.initialize();
    const uri = "file://" + path.resolve(file);
    c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    const first = await c.diagnostics(uri, 0);
    const times = [];
    for (let v = 2; v < EDITS + 2; v++) {
        const from = c.notes.length;
        const t0 = process.hrtime.bigint();
        c.notify("textDocument/didChange", {
            textDocument: { uri, version: v },
            contentChanges: [{ range: { start: { line: target, character: col + 2 }, end: { line: target, character: col + 3 } }, text: String(v % 10) }],
        });
        await c.waitFor(m => m.method === "textDocument/publishDiagnostics" && m.params.version === v, 10000, from);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await c.stop();
    const q = (arr, p) => arr[Math.min(arr.length - 1, Math.floor(p * arr.length))];
    times.sort((a, b) => a - b);
    // the server's own time for the same edits (STACKLINT_LSP_TIMING lines)
    const server = [...c.stderr.matchAll(/version (\d+): lint ([\d.]+) ms, publish ([\d.]+) ms/g)]
        .filter(m => Number(m[1]) >= 2).map(m => Number(m[2]) + Number(m[3])).sort((a, b) => a - b);
    const fmt = /^\s*[{[]/.test(text) ? "JSON" : "YAML";
    console.log(`${Math.round(Buffer.byteLength(text) / 1024)} KB ${fmt}, ${first.params.diagnostics.length} findings: ` +
        `median ${q(times, 0.5).toFixed(1)} ms, p95 ${q(times, 0.95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms` +
        (server.length ? ` (in the server: median ${q(server, 0.5).toFixed(1)} ms)` : ""));
})().catch(e => { console.error(e.stack); process.exit(1); });
