// protocol.js — protocol-level tests of `stacklint lsp` (run by tests/lsp/protocol.sh).
//
//   node tests/lsp/protocol.js STACKLINT_BINARY
//
// Drives the server as an editor would, and as a broken or hostile client would,
// and prints one "ok - NAME" or "not ok - NAME" line per test ("# why" lines
// before a failure), the format tests/run counts.
"use strict";
const { Client } = require("./client.js");

const BIN = process.argv[2];
let failures = 0;
function result(name, ok, why) {
    if (!ok) {
        failures++;
        for (const l of String(why || "").split("\n").slice(0, 20)) console.log("# " + l);
    }
    console.log((ok ? "ok - " : "not ok - ") + name);
}
const show = v => JSON.stringify(v, null, 1).slice(0, 1500);
const sleep = ms => new Promise(r => setTimeout(r, ms));

const TLS_ONLY = [
    "  WebsiteBucketPolicy:",
    "    Type: AWS::S3::BucketPolicy",
    "    Properties:",
    "      Bucket: !Ref WebsiteBucket",
    "      PolicyDocument:",
    '        Version: "2012-10-17"',
    "        Statement:",
    '          - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt WebsiteBucket.Arn, !Sub "${WebsiteBucket.Arn}/*"], Condition: {Bool: {aws:SecureTransport: false}}}',
];
const BUCKET = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    "Resources:",
    "  WebsiteBucket:",
    "    Type: AWS::S3::Bucket",
    "    Properties:",
    "      AccessControl: PublicRead",
    // the bucket refuses plain HTTP (S3002): the tests are about S3001
    ...TLS_ONLY,
    "",
].join("\n");
// the finding's line holds characters outside the BMP (two UTF-16 units each)
// and a two-byte UTF-8 character before the problem
const WIDE_LINE = '      Tags: [{Key: "\u{1F680}\u{1F680}\u00e9", Value: v}], AccessControl: PublicRead';
const WIDE = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    "Resources:",
    "  WebsiteBucket:",
    "    Type: AWS::S3::Bucket",
    "    Properties: {",
    WIDE_LINE.replace(/^ +/, "      ") + "}",
    ...TLS_ONLY,
    "",
].join("\n");
const WORKFLOW = "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
const QUEUE_JSON = JSON.stringify({
    AWSTemplateFormatVersion: "2010-09-09",
    Resources: { Jobs: { Type: "AWS::SQS::Queue", Properties: {
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { "Fn::ImportValue": "shared-dead-letter-queue-arn" }, maxReceiveCount: 5 },
    } } },
}, null, 2);

function open(c, uri, text, version = 1) {
    c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text } });
}

async function lifecycle() {
    const c = new Client(BIN);
    const r = await c.initialize();
    const caps = r.result && r.result.capabilities;
    result("initialize: UTF-16 positions when the client names no encoding",
        caps && caps.positionEncoding === "utf-16", show(r));
    result("initialize: incremental sync, open/close, save, hover, quick-fix code actions",
        caps && caps.textDocumentSync.change === 2 && caps.textDocumentSync.openClose &&
        caps.hoverProvider === true && caps.codeActionProvider.codeActionKinds[0] === "quickfix", show(r));
    const again = await c.request("initialize", { capabilities: {} });
    result("a second initialize is an invalid request", again.error && again.error.code === -32600, show(again));
    const down = await c.request("shutdown", null);
    result("shutdown answers null", down.result === null && !down.error, show(down));
    const after = await c.request("textDocument/hover", { textDocument: { uri: "file:///x" }, position: { line: 0, character: 0 } });
    result("a request after shutdown is an invalid request", after.error && after.error.code === -32600, show(after));
    c.notify("exit", null);
    const e = await c.exited;
    result("exit after shutdown ends the server with status 0", e.code === 0, show(e));
}

async function diagnostics() {
    const c = new Client(BIN);
    await c.initialize();
    const uri = "file:///work/space%20dir/bucket.yaml";
    open(c, uri, BUCKET);
    const d = await c.diagnostics(uri);
    const g = d.params.diagnostics[0] || {};
    result("didOpen publishes the buffer's findings with the document's version",
        d.params.version === 1 && d.params.diagnostics.length === 1, show(d));
    result("a diagnostic has range, severity, code, codeDescription.href and source",
        g.code === "S3001" && g.severity === 1 && g.source === "stacklint" &&
        /rules\/S3001\.md$/.test(g.codeDescription && g.codeDescription.href) &&
        g.range.start.line === 5 && g.range.start.character === 21 &&
        g.range.end.line === 5 && g.range.end.character === 31 && /public/.test(g.message), show(d));

    // an incremental edit that fixes the problem clears the diagnostics
    let n = c.notes.length;
    c.notify("textDocument/didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 5, character: 21 }, end: { line: 5, character: 31 } }, text: "Private" }],
    });
    let d2 = await c.diagnostics(uri, n);
    result("an incremental change that fixes the problem clears the diagnostics",
        d2.params.version === 2 && d2.params.diagnostics.length === 0, show(d2));
    // and one that reintroduces it brings them back, at the edited position
    n = c.notes.length;
    c.notify("textDocument/didChange", {
        textDocument: { uri, version: 3 },
        contentChanges: [
            { range: { start: { line: 5, character: 21 }, end: { line: 5, character: 28 } }, text: "PublicReadWrite" },
            { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "# edited\n" },
        ],
    });
    d2 = await c.diagnostics(uri, n);
    const g2 = d2.params.diagnostics[0] || { range: { start: {} } };
    result("several incremental changes in one didChange apply in order",
        d2.params.version === 3 && d2.params.diagnostics.length === 1 &&
        g2.range.start.line === 6 && g2.range.end.character === 36, show(d2));
    n = c.notes.length;
    c.notify("textDocument/didChange", { textDocument: { uri, version: 4 }, contentChanges: [{ text: BUCKET.replace("PublicRead", "Private") }] });
    d2 = await c.diagnostics(uri, n);
    result("a full-text change replaces the buffer", d2.params.diagnostics.length === 0, show(d2));
    n = c.notes.length;
    c.notify("textDocument/didSave", { textDocument: { uri }, text: BUCKET });
    d2 = await c.diagnostics(uri, n);
    result("didSave with text lints the saved text", d2.params.diagnostics.length === 1, show(d2));

    n = c.notes.length;
    c.notify("workspace/didChangeConfiguration", { settings: {} });
    d2 = await c.diagnostics(uri, n);
    result("a configuration change re-lints the open documents", d2.params.diagnostics.length === 1, show(d2));

    n = c.notes.length;
    c.notify("textDocument/didClose", { textDocument: { uri } });
    d2 = await c.diagnostics(uri, n);
    result("didClose clears the document's diagnostics", d2.params.diagnostics.length === 0, show(d2));

    // documents that are not templates get no diagnostics
    const wf = "file:///work/.github/workflows/ci.yaml";
    open(c, wf, WORKFLOW);
    const w = await c.diagnostics(wf);
    result("a document that is not a template gets no diagnostics", w.params.diagnostics.length === 0, show(w));
    // a broken template does
    const broken = "file:///work/broken.yaml";
    open(c, broken, BUCKET + "  Dup:\n    Type: AWS::SQS::Queue\n  Dup:\n    Type: AWS::SQS::Queue\n");
    const b = await c.diagnostics(broken);
    result("a template with a syntax problem gets SYNTAX001",
        b.params.diagnostics.some(x => x.code === "SYNTAX001"), show(b));
    const js = "file:///work/queue.json";
    open(c, js, QUEUE_JSON);
    const j = await c.diagnostics(js);
    result("JSON templates are linted too", j.params.diagnostics.length === 1 && j.params.diagnostics[0].code === "SQS001", show(j));
    const ca = await c.request("textDocument/codeAction", {
        textDocument: { uri: js }, range: j.params.diagnostics[0].range, context: { diagnostics: j.params.diagnostics },
    });
    result("no suppression comment is offered in JSON (it has no comments)",
        Array.isArray(ca.result) && ca.result.length === 0, show(ca));
    // JSON is reparsed incrementally from the last tree: after each edit the
    // diagnostics are those of the same text opened fresh
    const pos = (t, off) => {
        const before = t.slice(0, off).split("\n");
        return { line: before.length - 1, character: before[before.length - 1].length };
    };
    const steps = [
        QUEUE_JSON.replace('"Jobs"', '"Jobz"'),
        QUEUE_JSON.replace('"Jobs": {', '"Jobs": {\n      "Properties": {"QueueName": "jobs", "Bogus": 1},'),
        QUEUE_JSON.replace('"Jobs": {', '"Jobs": {\n      "Properties": {"QueueName": "jobs" "Bogus": 1},'),
        QUEUE_JSON.replace('"Jobs": {', '"Jobs": {\n      "Properties": {"QueueName": "jobs", "DelaySeconds": "x"},'),
        QUEUE_JSON.replace('"Resources": {', '"Resources": {\n    "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["Jobs", "QueueName"]}}]}},'),
        QUEUE_JSON,
    ];
    let prev = QUEUE_JSON, version = 1, same = true, why = "", nonEmpty = 0;
    for (const [i, t] of steps.entries()) {
        let pre = 0, suf = 0;
        while (pre < prev.length && pre < t.length && prev[pre] === t[pre]) pre++;
        while (suf < prev.length - pre && suf < t.length - pre &&
               prev[prev.length - 1 - suf] === t[t.length - 1 - suf]) suf++;
        const n = c.notes.length;
        c.notify("textDocument/didChange", {
            textDocument: { uri: js, version: ++version },
            contentChanges: [{ range: { start: pos(prev, pre), end: pos(prev, prev.length - suf) },
                               text: t.slice(pre, t.length - suf) }],
        });
        const edited = await c.diagnostics(js, n);
        const fresh = `file:///work/fresh-${i}.json`;
        open(c, fresh, t);
        const f = await c.diagnostics(fresh);
        const key = d => d.params.diagnostics.map(x => `${x.code} ${JSON.stringify(x.range)} ${x.message}`).join("\n");
        nonEmpty += key(f) !== "";
        if (key(edited) !== key(f)) {
            same = false;
            why += `step ${i}:\n--- edited\n${key(edited)}\n--- fresh\n${key(f)}\n`;
        }
        prev = t;
    }
    result("JSON edited incrementally: after each edit, the diagnostics of a fresh reading",
        same && nonEmpty >= 4, why || `only ${nonEmpty} steps with diagnostics`);
    await c.stop();
}

async function encodings() {
    const col = (units) => {
        const i = WIDE.split("\n")[5].indexOf("PublicRead");
        const prefix = WIDE.split("\n")[5].slice(0, i);
        return units === "utf-16" ? prefix.length
            : units === "utf-8" ? Buffer.byteLength(prefix, "utf8") : [...prefix].length;
    };
    for (const [offered, want] of [[undefined, "utf-16"], [["utf-16"], "utf-16"], [["utf-32", "utf-16"], "utf-32"], [["utf-8", "utf-16"], "utf-8"]]) {
        const c = new Client(BIN);
        const caps = offered ? { general: { positionEncodings: offered } } : {};
        const r = await c.initialize(caps);
        const uri = "file:///wide.yaml";
        open(c, uri, WIDE);
        const d = await c.diagnostics(uri);
        const g = d.params.diagnostics[0];
        result(`columns in ${want} when the client offers ${offered ? offered.join(", ") : "nothing"}`,
            r.result.capabilities.positionEncoding === want && g &&
            g.range.start.line === 5 && g.range.start.character === col(want) &&
            g.range.end.character === col(want) + 10, `expected column ${col(want)}\n` + show(d));
        // an incremental edit addressed in the same units lands on the same text
        const n = c.notes.length;
        c.notify("textDocument/didChange", {
            textDocument: { uri, version: 2 },
            contentChanges: [{ range: g.range, text: "Private" }],
        });
        const d2 = await c.diagnostics(uri, n);
        result(`incremental edits are addressed in ${want}`, d2.params.diagnostics.length === 0, show(d2));
        await c.stop();
    }
}

async function hoverAndActions() {
    const c = new Client(BIN);
    await c.initialize({ textDocument: { hover: { contentFormat: ["markdown", "plaintext"] } } });
    const uri = "file:///h/bucket.yaml";
    open(c, uri, BUCKET);
    const d = await c.diagnostics(uri);
    const h = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 5, character: 25 } });
    const v = h.result && h.result.contents.value;
    result("hover on a finding shows the rule's explanation",
        h.result && h.result.contents.kind === "markdown" && /S3001/.test(v) &&
        /## Why it matters/.test(v) && h.result.range.start.character === 21, show(h));
    const h2 = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 2 } });
    result("hover away from findings is null", h2.result === null && !h2.error, show(h2));
    const a = await c.request("textDocument/codeAction", {
        textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
        context: { diagnostics: d.params.diagnostics },
    });
    const act = a.result && a.result[0];
    const edit = act && act.edit.changes[uri][0];
    result("a code action inserts the inline suppression comment above the line, indented like it",
        act && act.kind === "quickfix" && edit.newText === "      # stacklint: ignore S3001 -- reason\n" &&
        edit.range.start.line === 5 && edit.range.start.character === 0, show(a));
    const a2 = await c.request("textDocument/codeAction", {
        textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] },
    });
    result("no code action where there is no finding", Array.isArray(a2.result) && a2.result.length === 0, show(a2));
    const h3 = await c.request("textDocument/hover", { textDocument: { uri: "file:///not/open.yaml" }, position: { line: 0, character: 0 } });
    result("hover in a document that is not open is null", h3.result === null && !h3.error, show(h3));
    await c.stop();
}

async function coalescing() {
    const c = new Client(BIN);
    await c.initialize();
    const uri = "file:///c/bucket.yaml";
    open(c, uri, BUCKET);
    await c.diagnostics(uri);
    const n = c.notes.length;
    // 200 keystrokes arriving at once: remove "PublicRead" and type "Private" one
    // character at a time, many times over; the last state is "Private"
    const frames = [];
    const frame = (obj) => { const s = Buffer.from(JSON.stringify(obj)); frames.push(Buffer.from(`Content-Length: ${s.length}\r\n\r\n`), s); };
    let version = 1;
    const line = 5, startCol = 21;
    for (let round = 0; round < 20; round++) {
        frame({ jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: startCol }, end: { line, character: 200 } }, text: "" }] } });
        const word = round === 19 ? "Private" : "PublicRead";
        for (let i = 0; i < word.length; i++)
            frame({ jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: startCol + i }, end: { line, character: startCol + i } }, text: word[i] }] } });
    }
    c.raw(Buffer.concat(frames));
    const last = await c.waitFor(m => m.method === "textDocument/publishDiagnostics" && m.params.version === version, 5000, n);
    await sleep(200);
    const published = c.notes.slice(n).filter(m => m.method === "textDocument/publishDiagnostics").length;
    result(`a burst of ${version - 1} changes is linted a few times, not once per change (${published} lints)`,
        published >= 1 && published <= 5, `published ${published} times`);
    result("after the burst the diagnostics match the final text", last.params.diagnostics.length === 0, show(last));
    await c.stop();
}

// Bytes that are not LSP at all, and messages that are not valid requests.
async function hostile() {
    const c = new Client(BIN);
    const pre = await c.request("textDocument/hover", { textDocument: { uri: "file:///x" }, position: { line: 0, character: 0 } });
    result("a request before initialize gets 'server not initialized' (-32002)",
        pre.error && pre.error.code === -32002 && pre.id === 1, show(pre));
    c.notify("textDocument/didOpen", { textDocument: { uri: "file:///early.yaml", version: 1, text: BUCKET } });
    await c.initialize();
    await sleep(100);
    result("notifications before initialize are dropped",
        !c.notes.some(m => m.params && m.params.uri === "file:///early.yaml"), show(c.notes));

    const errors = () => c.notes.filter(m => m.error);
    let before = errors().length;
    const bad = Buffer.from("{not json at all");
    c.raw(Buffer.concat([Buffer.from(`Content-Length: ${bad.length}\r\n\r\n`), bad]));
    let e = await c.waitFor(m => m.error && m.error.code === -32700, 3000, 0).catch(x => x);
    result("malformed JSON gets a parse error (-32700) with a null id", e.error && e.id === null, show(e));

    c.raw("Content-Type: application/vscode-jsonrpc\r\n\r\n");
    e = await c.waitFor(m => m.error && m.error.code === -32700, 3000, c.notes.indexOf(e) + 1).catch(x => x);
    result("a header without Content-Length gets a parse error", e.error !== undefined, show(e));

    c.raw("x".repeat(20000));
    c.raw("\r\n\r\n");
    await sleep(100);
    result("20 KB of garbage without a header end is answered and skipped", errors().length >= before + 3, show(errors()));

    const deep = Buffer.from("[".repeat(100000) + "]".repeat(100000));
    c.raw(Buffer.concat([Buffer.from(`Content-Length: ${deep.length}\r\n\r\n`), deep]));
    for (const body of ['[]', '42', '{"jsonrpc":"2.0","id":{"a":1},"method":"x"}', '{"jsonrpc":"2.0","id":7,"method":12}'])
        c.raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await sleep(200);
    const inv = c.notes.filter(m => m.error && m.error.code === -32600).length;
    result("arrays, numbers and bad ids or methods are invalid requests (-32600)", inv >= 4, show(errors()));

    const unk = await c.request("workspace/executeCommand", { command: "x" });
    result("an unknown request gets 'method not found' (-32601)", unk.error && unk.error.code === -32601, show(unk));
    before = c.notes.length;
    c.notify("$/unknownNotification", { x: 1 });
    c.notify("textDocument/didChange", { textDocument: { uri: "file:///never-opened.yaml" }, contentChanges: [{ text: "a" }] });
    c.notify("textDocument/didOpen", { textDocument: { uri: 42 } });
    c.notify("textDocument/didOpen", null);
    const ok = await c.request("textDocument/hover", { textDocument: { uri: "file:///none" }, position: { line: 0, character: 0 } });
    result("unknown notifications and notifications with bad params get no answer",
        c.notes.length === before && ok.result === null, show(c.notes.slice(before)));

    // edits far outside the document are clamped, never a crash
    const uri = "file:///h/clamp.yaml";
    open(c, uri, BUCKET);
    await c.diagnostics(uri);
    const n = c.notes.length;
    c.notify("textDocument/didChange", {
        textDocument: { uri, version: 2 }, contentChanges: [
            { range: { start: { line: 4000000000, character: 9e15 }, end: { line: 1e300, character: 0 } }, text: "\n# end" },
            { range: { start: { line: 3, character: 99 }, end: { line: 1, character: 0 } }, text: "" },
            { range: { start: { line: -1, character: 0 }, end: { line: 0, character: -5 } }, text: "ignored" },
            { range: { start: { line: 0, character: 1 } }, text: "ignored" },
        ],
    });
    const d = await c.diagnostics(uri, n).catch(x => x);
    result("out-of-range and malformed edit ranges are clamped or ignored", d.params && d.params.version === 2, show(d));
    const h = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: "x" } });
    result("a hover with a bad position is invalid params (-32602)", h.error && h.error.code === -32602, show(h));
    await c.stop();
}

async function vanished() {
    // the client closes its end without shutdown/exit: the server ends, status 1
    let c = new Client(BIN);
    await c.initialize();
    open(c, "file:///v.yaml", BUCKET);
    await c.diagnostics("file:///v.yaml");
    const t0 = Date.now();
    c.proc.stdin.end();
    let e = await Promise.race([c.exited, sleep(3000).then(() => "still running")]);
    result("end of input without exit ends the server (status 1) at once",
        e.code === 1 && Date.now() - t0 < 3000, show(e));
    if (e === "still running") c.proc.kill("SIGKILL");

    // exit without shutdown
    c = new Client(BIN);
    await c.initialize();
    c.notify("exit", null);
    e = await Promise.race([c.exited, sleep(3000).then(() => "still running")]);
    result("exit without shutdown ends the server with status 1", e.code === 1, show(e));
    if (e === "still running") c.proc.kill("SIGKILL");

    // the client stops reading: writes fail with EPIPE, the server ends quietly
    c = new Client(BIN);
    await c.initialize();
    c.proc.stdout.destroy();
    open(c, "file:///v.yaml", BUCKET);
    c.proc.stdin.end();
    e = await Promise.race([c.exited, sleep(3000).then(() => "still running")]);
    result("a client that stopped reading ends the server, without a signal", e.sig === null && e.code === 1, show(e));
    if (e === "still running") c.proc.kill("SIGKILL");

    // a body announced larger than the limit is skipped, not buffered; end of
    // input inside it ends the server; an absurd length is a bad frame
    c = new Client(BIN);
    await c.initialize();
    c.raw("Content-Length: 99999999999999999999\r\n\r\n");
    let bad = await c.waitFor(m => m.error && m.error.code === -32700, 3000).catch(x => x);
    result("a Content-Length of 20 digits is a parse error, and the server goes on", bad.error !== undefined, show(bad));
    c.raw("Content-Length: 200000000\r\n\r\n" + "x".repeat(1000000));
    c.proc.stdin.end();
    e = await Promise.race([c.exited, sleep(3000).then(() => "still running")]);
    result("a body announced over the 160 MiB limit, cut off by end of input, ends the server cleanly",
        e.code === 1, show(e));
    if (e === "still running") c.proc.kill("SIGKILL");

    // a truncated message at end of input
    c = new Client(BIN);
    c.raw("Content-Length: 100\r\n\r\n{\"jsonrpc\":");
    c.proc.stdin.end();
    e = await Promise.race([c.exited, sleep(3000).then(() => "still running")]);
    result("a message cut off by end of input ends the server", e.code === 1, show(e));
    if (e === "still running") c.proc.kill("SIGKILL");
}

// The limits are options of `stacklint lsp` too: a buffer past one gets
// LIMIT001 where reading stopped, naming the option.
async function limits() {
    const c = new Client(BIN, ["lsp", "--max-file-size", "100", "--max-depth=4"]);
    await c.initialize();
    const big = "file:///l/big.yaml", deep = "file:///l/deep.yaml";
    open(c, big, BUCKET);
    const b = await c.diagnostics(big);
    const g = b.params.diagnostics;
    result("--max-file-size: a larger buffer gets LIMIT001 at its start",
        g.length === 1 && g[0].code === "LIMIT001" && g[0].range.start.line === 0 &&
        /--max-file-size/.test(g[0].message), show(b));
    open(c, deep, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {Tags: [{Key: a}]}\n");
    const d = await c.diagnostics(deep);
    result("--max-depth=4: LIMIT001 where the fifth level opens",
        d.params.diagnostics.some(x => x.code === "LIMIT001" && x.range.start.line === 3 &&
                                       /--max-depth/.test(x.message)), show(d));
    await c.stop();
}

// .stacklint.yaml: each buffer is linted with the configuration the command
// line would use for its file (the nearest one up to the repository root).
const fs = require("fs"), os = require("os"), path = require("path");
const NAMED_BUCKET = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    "Resources:",
    "  WebsiteBucket:",
    "    Type: AWS::S3::Bucket",
    "    Properties:",
    "      BucketName: example-website-bucket",
    "      AccessControl: PublicRead",
    "",
].join("\n");
const TEAM_RULE = [
    "id: TEAM901",
    "name: bucket-versioning-on",
    "severity: warning",
    "message: \"bucket '{resource}' keeps no versions; set VersioningConfiguration.Status: Enabled\"",
    "resources: AWS::S3::Bucket",
    "assert:",
    "  path: Properties.VersioningConfiguration.Status",
    "  equals: Enabled",
    "",
].join("\n");

// The first publication for uri (from note index `from` on) that satisfies pred,
// or the last one when none does in time: a server re-lints every open buffer
// after a configuration change, so earlier re-publications may still arrive.
async function settled(c, uri, pred, from) {
    const isPub = m => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri;
    try {
        return await c.waitFor(m => isPub(m) && pred(m), 8000, from);
    } catch (err) {
        const all = c.notes.slice(from).filter(isPub);
        return all.length ? all[all.length - 1] : { params: { diagnostics: [{ code: "none published" }] } };
    }
}

async function configuration() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacklint-lsp-cfg-"));
    const mk = (rel, text) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
    };
    const uri = rel => "file://" + path.join(root, rel).split("/").map(encodeURIComponent).join("/");
    fs.mkdirSync(path.join(root, ".git"));      // the repository root: the walk stops here
    mk("a/.stacklint.yaml", "rules:\n  S3002: off        # switched off\n  S3001: warning    # re-graded\n  REF003: on        # a note rule, off by default\n");
    mk("b/.stacklint.yml", "rules:\n  S3001: off\n");
    mk("c/.stacklint.yaml", "rules:\n  S3001: of\n");     // broken: 'of' is no setting
    mk("d/.stacklint.yaml", "exclude: [generated]\n");
    mk("e/.stacklint.yaml", "custom-rules: [standards]\nrules:\n  TEAM901: error\n");
    mk("e/standards/versioning.yaml", TEAM_RULE);
    mk("l/.stacklint.yaml", "limits: {max-file-size: 100}\n");
    mk("f/.stacklint.yaml", "custom-rules: [standards, missing]\n");
    mk("r/.stacklint.yaml", "rules:\n  S3001: off\n");
    fs.mkdirSync(path.join(root, "r/inner/.git"), { recursive: true });  // a repository of its own
    mk("f/standards/bad.yaml", TEAM_RULE.replace("id: TEAM901", "id: TEAM902\ncolour: red").replace("bucket-versioning-on", "other-name"));
    const codes = m => m.params.diagnostics.map(x => x.code + ":" + x.severity).sort().join(" ");

    let c = new Client(BIN);
    await c.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    const docs = {};
    for (const rel of ["a/sub/t.yaml", "b/t.yaml", "c/t.yaml", "d/t.yaml", "d/generated/t.yaml", "e/t.yaml", "n/t.yaml", "l/t.yaml", "r/inner/t.yaml"]) {
        open(c, uri(rel), NAMED_BUCKET);
        docs[rel] = await c.diagnostics(uri(rel));
    }
    result("config: no configuration file: the defaults (S3001 error, S3002 warning, REF003 off)",
        codes(docs["n/t.yaml"]) === "S3001:1 S3002:2", show(docs["n/t.yaml"]));
    result("config: a rule switched off is gone; a re-graded rule has its LSP severity; a note rule turned on appears (from a parent folder)",
        codes(docs["a/sub/t.yaml"]) === "REF003:3 S3001:2", show(docs["a/sub/t.yaml"]));
    result("config: the walk up stops at the repository root (.git), as on the command line",
        codes(docs["r/inner/t.yaml"]) === "S3001:1 S3002:2", show(docs["r/inner/t.yaml"]));
    result("config: two folders, two configurations (.stacklint.yml in the second)",
        codes(docs["b/t.yaml"]) === "S3002:2", show(docs["b/t.yaml"]));
    result("config: a file the configuration excludes gets no diagnostics; its neighbour does",
        docs["d/generated/t.yaml"].params.diagnostics.length === 0 && codes(docs["d/t.yaml"]) === "S3001:1 S3002:2",
        show([docs["d/generated/t.yaml"], docs["d/t.yaml"]]));
    result("config: custom-rules are loaded and set up by rules:, and only where named",
        codes(docs["e/t.yaml"]) === "S3001:1 S3002:2 TEAM901:1" && !/TEAM901/.test(codes(docs["b/t.yaml"])) &&
        !/TEAM901/.test(codes(docs["n/t.yaml"])), show(docs["e/t.yaml"]));
    result("config: limits: from the file apply",
        codes(docs["l/t.yaml"]) === "LIMIT001:1", show(docs["l/t.yaml"]));
    result("config: a broken configuration: the buffer still gets the default diagnostics",
        codes(docs["c/t.yaml"]) === "S3001:1 S3002:2", show(docs["c/t.yaml"]));
    const broken = await c.diagnostics(uri("c/.stacklint.yaml"));
    const bd = broken.params.diagnostics;
    result("config: a broken configuration: its error is a diagnostic on the configuration file, at its line and column",
        bd.length === 1 && bd[0].severity === 1 && bd[0].range.start.line === 1 && bd[0].range.start.character === 9 &&
        /setting of S3001 is on, off, error, warning or note .* not .of./.test(bd[0].message), show(broken));
    open(c, uri("f/t.yaml"), NAMED_BUCKET);
    const fd = await c.diagnostics(uri("f/t.yaml"));
    const ruleErr = await c.diagnostics(uri("f/standards/bad.yaml"));
    const missing = await c.diagnostics(uri("f/.stacklint.yaml"));
    const re = ruleErr.params.diagnostics, me = missing.params.diagnostics;
    result("config: an error in a custom rule file is a diagnostic on that file; a missing folder one on the configuration",
        re.length === 1 && re[0].range.start.line === 1 && /unknown key 'colour'/.test(re[0].message) &&
        me.length === 1 && /missing/.test(me[0].message) && codes(fd) === "S3001:1 S3002:2",
        show([ruleErr, missing, fd]));
    const said = await c.waitFor(m => m.method === "window/showMessage" && /c\/\.stacklint\.yaml has errors/.test(m.params.message));
    result("config: a broken configuration is also told through window/showMessage", said.params.type === 2, show(said));

    // edit a configuration on disk; the editor's file watcher reports it
    let n = c.notes.length;
    fs.writeFileSync(path.join(root, "a/.stacklint.yaml"), "rules:\n  S3001: off\n");
    c.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("a/.stacklint.yaml"), type: 2 }] });
    let again = await settled(c, uri("a/sub/t.yaml"), m => codes(m) === "S3002:2", n);
    result("config: didChangeWatchedFiles re-reads the configuration and re-publishes",
        codes(again) === "S3002:2", show(again));
    // fix the broken one: its diagnostics are cleared, its folder gets its settings
    n = c.notes.length;
    fs.writeFileSync(path.join(root, "c/.stacklint.yaml"), "rules:\n  S3001: off\n");
    c.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("c/.stacklint.yaml"), type: 2 }] });
    const cleared = await c.diagnostics(uri("c/.stacklint.yaml"), n);
    again = await settled(c, uri("c/t.yaml"), m => codes(m) === "S3002:2", n);
    result("config: a fixed configuration: its diagnostics cleared, its settings used",
        cleared.params.diagnostics.length === 0 && codes(again) === "S3002:2", show([cleared, again]));
    // a configuration opened in the editor and saved
    n = c.notes.length;
    const bcfg = uri("b/.stacklint.yml");
    open(c, bcfg, "rules:\n  S3001: off\n");
    const text = "rules:\n  S3001: off\n  S3002: off\n";
    fs.writeFileSync(path.join(root, "b/.stacklint.yml"), text);
    c.notify("textDocument/didSave", { textDocument: { uri: bcfg }, text });
    again = await settled(c, uri("b/t.yaml"), m => m.params.diagnostics.length === 0, n);
    result("config: didSave of a configuration open in the editor re-reads it",
        again.params.diagnostics.length === 0, show(again));
    // a new configuration file appears in a folder that had none
    n = c.notes.length;
    mk("n/.stacklint.yaml", "rules:\n  S3002: off\n");
    c.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("n/.stacklint.yaml"), type: 1 }] });
    again = await settled(c, uri("n/t.yaml"), m => codes(m) === "S3001:1", n);
    result("config: a configuration created next to an open file applies to it",
        codes(again) === "S3001:1", show(again));
    // a changed custom rule needs a restart, and the server says so
    n = c.notes.length;
    mk("e/standards/versioning.yaml", TEAM_RULE.replace("severity: warning", "severity: note"));
    c.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("e/.stacklint.yaml"), type: 2 }] });
    const restart = await c.waitFor(m => m.method === "window/showMessage" && /restart/.test(m.params.message), 5000, n);
    again = await settled(c, uri("e/t.yaml"), m => codes(m) === "S3001:1 S3002:2 TEAM901:1", n);
    result("config: a changed custom-rules folder: a message asks for a restart; the rules stay as loaded",
        /standards/.test(restart.params.message) && codes(again) === "S3001:1 S3002:2 TEAM901:1", show([restart, again]));
    const end = await c.stop();
    result("config: the server exits cleanly after all that (status 0; the sanitizer build finds no leak)",
        end.code === 0, show(end) + "\n" + c.stderr);

    // limits given to `stacklint lsp` win over the file's
    c = new Client(BIN, ["lsp", "--max-file-size", "1M"]);
    await c.initialize();
    open(c, uri("l/t.yaml"), NAMED_BUCKET);
    const l = await c.diagnostics(uri("l/t.yaml"));
    result("config: a limit given to stacklint lsp wins over limits: in the file",
        codes(l) === "S3001:1 S3002:2", show(l));
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
}

(async () => {
    for (const t of [lifecycle, diagnostics, encodings, hoverAndActions, coalescing, hostile, vanished, limits, configuration]) {
        try {
            await t();
        } catch (err) {
            result(`${t.name} ran to the end`, false, err.stack);
        }
    }
    process.exit(failures ? 1 : 0);
})();
