// client.js — a minimal Language Server Protocol client for the protocol tests
// and the re-lint benchmark: spawns `stacklint lsp`, frames messages with
// Content-Length, and lets a test await responses and notifications.
"use strict";
const { spawn } = require("child_process");

class Client {
    constructor(bin, args = ["lsp"]) {
        this.proc = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"] });
        this.buf = Buffer.alloc(0);
        this.nextId = 1;
        this.pending = new Map();   // id -> resolve
        this.notes = [];            // notifications received, in order
        this.waiters = [];          // {pred, resolve}
        this.stderr = "";
        this.exited = new Promise(res => this.proc.on("exit", (code, sig) => res({ code, sig })));
        this.proc.stdout.on("data", d => this.onData(d));
        this.proc.stderr.on("data", d => { this.stderr += d; });
        this.proc.stdin.on("error", () => {});
    }
    onData(d) {
        this.buf = Buffer.concat([this.buf, d]);
        for (;;) {
            const h = this.buf.indexOf("\r\n\r\n");
            if (h < 0) return;
            const m = /Content-Length: (\d+)/i.exec(this.buf.slice(0, h).toString());
            if (!m) throw new Error("response without Content-Length: " + this.buf.slice(0, h));
            const n = Number(m[1]);
            if (this.buf.length < h + 4 + n) return;
            const msg = JSON.parse(this.buf.slice(h + 4, h + 4 + n).toString("utf8"));
            this.buf = this.buf.slice(h + 4 + n);
            this.dispatch(msg);
        }
    }
    dispatch(msg) {
        if (msg.id !== undefined && msg.id !== null && !msg.method && this.pending.has(msg.id)) {
            this.pending.get(msg.id)(msg);
            this.pending.delete(msg.id);
            return;
        }
        this.notes.push(msg);
        this.waiters = this.waiters.filter(w => !(w.pred(msg) && (w.resolve(msg), true)));
    }
    raw(text) { this.proc.stdin.write(text); }
    write(obj) {
        const s = Buffer.from(JSON.stringify(obj), "utf8");
        this.raw(Buffer.concat([Buffer.from(`Content-Length: ${s.length}\r\n\r\n`), s]));
    }
    request(method, params) {
        const id = this.nextId++;
        return new Promise(res => {
            this.pending.set(id, res);
            this.write({ jsonrpc: "2.0", id, method, params });
        });
    }
    notify(method, params) { this.write({ jsonrpc: "2.0", method, params }); }
    // the next message (after those already seen, from index `from`) that satisfies pred
    waitFor(pred, ms = 5000, from = 0) {
        for (let i = from; i < this.notes.length; i++) if (pred(this.notes[i])) return Promise.resolve(this.notes[i]);
        return new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error("timed out waiting for a message")), ms);
            this.waiters.push({ pred, resolve: m => { clearTimeout(t); res(m); } });
        });
    }
    diagnostics(uri, from) {
        return this.waitFor(m => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri, 5000, from);
    }
    async initialize(capabilities = {}) {
        const r = await this.request("initialize", { processId: null, rootUri: null, capabilities });
        this.notify("initialized", {});
        return r;
    }
    async stop() {
        await this.request("shutdown", null);
        this.notify("exit", null);
        return this.exited;
    }
}

module.exports = { Client };
