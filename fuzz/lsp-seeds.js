// lsp-seeds.js OUTDIR FILE... — seed inputs for fuzz/lsp.c: for each file, the
// byte stream of a whole editor session (initialize, open, hover, code
// actions, incremental and full edits, save, close, shutdown, exit), framed
// as a client frames it. Used by fuzz/run.sh and tests/fuzz.sh.
'use strict';
const fs = require('fs');
const path = require('path');
const [out, ...files] = process.argv.slice(2);
fs.mkdirSync(out, {recursive: true});
const frame = (m) => {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
};
const encodings = [[], ['utf-8'], ['utf-32', 'utf-16']];
files.forEach((f, i) => {
    const text = fs.readFileSync(f, 'utf8');
    const uri = 'file:///tmp/ws/' + (i % 3 === 0 ? 'serverless.yml' : path.basename(f));
    const lines = text.split('\n');
    const mid = Math.floor(lines.length / 2);
    let id = 0;
    const msgs = [
        {jsonrpc: '2.0', id: ++id, method: 'initialize', params: {capabilities: {
            general: {positionEncodings: encodings[i % 3]},
            textDocument: {hover: {contentFormat: i % 2 ? ['markdown'] : ['plaintext']}},
            workspace: {didChangeWatchedFiles: {dynamicRegistration: i % 2 === 0}}}}},
        {jsonrpc: '2.0', method: 'initialized', params: {}},
        {jsonrpc: '2.0', method: 'textDocument/didOpen', params: {textDocument: {
            uri, languageId: 'yaml', version: 1, text}}},
        {jsonrpc: '2.0', id: ++id, method: 'textDocument/hover', params: {
            textDocument: {uri}, position: {line: mid, character: 4}}},
        {jsonrpc: '2.0', id: ++id, method: 'textDocument/codeAction', params: {
            textDocument: {uri}, range: {start: {line: 0, character: 0},
                                         end: {line: lines.length, character: 0}},
            context: {diagnostics: []}}},
        {jsonrpc: '2.0', method: 'textDocument/didChange', params: {
            textDocument: {uri, version: 2}, contentChanges: [
                {range: {start: {line: mid, character: 0}, end: {line: mid, character: 0}},
                 text: '  # é 😀\n'},
                {range: {start: {line: 1, character: 2}, end: {line: 2, character: 0}}, text: ''}]}},
        {jsonrpc: '2.0', id: ++id, method: 'textDocument/hover', params: {
            textDocument: {uri}, position: {line: 1, character: 0}}},
        {jsonrpc: '2.0', method: 'workspace/didChangeWatchedFiles', params: {
            changes: [{uri: 'file:///tmp/ws/.stacklint.yaml', type: 2}]}},
        {jsonrpc: '2.0', method: 'textDocument/didChange', params: {
            textDocument: {uri, version: 3}, contentChanges: [{text: text + '\n'}]}},
        {jsonrpc: '2.0', method: 'textDocument/didSave', params: {textDocument: {uri}, text}},
        {jsonrpc: '2.0', method: '$/cancelRequest', params: {id: 2}},
        {jsonrpc: '2.0', method: 'textDocument/didClose', params: {textDocument: {uri}}},
        {jsonrpc: '2.0', id: ++id, method: 'shutdown'},
        {jsonrpc: '2.0', method: 'exit'},
    ];
    fs.writeFileSync(path.join(out, `session-${i}`), Buffer.concat(msgs.map(frame)));
});
