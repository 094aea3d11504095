-- neovim.lua — stacklint's language server in a real editor: Neovim's built-in
-- LSP client, headless (run by tests/lsp/neovim.sh).
--
-- Environment: STACKLINT (the binary), DATA (a scratch copy of tests/lsp/data),
-- RESULT (file to write "ok - NAME" / "not ok - NAME" lines to, "# why" before
-- a failure). Every check reads what Neovim itself received and applied: its
-- diagnostics (positions converted by Neovim from UTF-16), its hover response,
-- and the buffer after it applied our code action.
local stacklint = os.getenv("STACKLINT")
local data = os.getenv("DATA")
local out = assert(io.open(os.getenv("RESULT"), "w"))

local function result(ok, name, why)
  if not ok then
    for l in (vim.inspect(why or "")):gmatch("[^\n]+") do out:write("# " .. l .. "\n") end
  end
  out:write((ok and "ok - " or "not ok - ") .. name .. "\n")
  out:flush()
end

local published = {}  -- uri -> list of diagnostics arrays the server sent
local exit_code
local client_id = vim.lsp.start_client({
  name = "stacklint",
  cmd = { stacklint, "lsp" },
  root_dir = data,
  flags = { debounce_text_changes = 20 },
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, res, ctx, config)
      published[res.uri] = published[res.uri] or {}
      table.insert(published[res.uri], res.diagnostics)
      return vim.lsp.handlers["textDocument/publishDiagnostics"](err, res, ctx, config)
    end,
  },
  on_exit = function(code) exit_code = code end,
})
result(client_id ~= nil, "Neovim starts `stacklint lsp`")

local function open(name)
  vim.cmd("edit " .. vim.fn.fnameescape(data .. "/" .. name))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

local function wait_diags(buf, pred)
  vim.wait(5000, function() return pred(vim.diagnostic.get(buf)) end, 10)
  return vim.diagnostic.get(buf)
end

local function publishes(buf)
  return published[vim.uri_from_bufnr(buf)] or {}
end

local function main()
  -- 1. a template with a public bucket
  local buf = open("bucket.yaml")
  local d = wait_diags(buf, function(x) return #x > 0 end)
  local g = d[1] or {}
  local lsp = (g.user_data or {}).lsp or {}
  result(#d == 1 and g.lnum == 5 and g.col == 21 and g.end_lnum == 5 and g.end_col == 31,
    "the diagnostic covers the value to edit (line 6, PublicRead)", d)
  result(g.code == "S3001" and g.source == "stacklint" and g.severity == vim.diagnostic.severity.ERROR and
    lsp.codeDescription and lsp.codeDescription.href:match("rules/S3001%.md$") ~= nil,
    "Neovim has the rule id as code, the rule's page as codeDescription, source and severity", d)

  -- 2. edit the buffer (not the file): fixing the value clears the diagnostic
  vim.api.nvim_buf_set_text(buf, 5, 21, 5, 31, { "Private" })
  d = wait_diags(buf, function(x) return #x == 0 end)
  result(#d == 0, "fixing the problem in the buffer clears the diagnostic", d)
  local disk = vim.fn.readfile(data .. "/bucket.yaml")
  result(disk[6]:match("PublicRead") ~= nil and vim.bo[buf].modified,
    "the file on disk still has the problem: the server lints the buffer", disk)

  -- 3. undo brings it back; a line typed above moves it down
  vim.cmd("silent undo")
  d = wait_diags(buf, function(x) return #x == 1 end)
  result(#d == 1 and d[1].lnum == 5, "undo brings the diagnostic back", d)
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { "# a comment typed at the top" })
  d = wait_diags(buf, function(x) return #x == 1 and x[1].lnum == 6 end)
  result(#d == 1 and d[1].lnum == 6 and d[1].col == 21, "a line added above moves the diagnostic down", d)
  -- many small edits, one keystroke at a time, in insert mode
  vim.api.nvim_win_set_cursor(0, { 7, 31 })
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("a<BS><BS><BS><BS><BS><BS><BS><BS><BS><BS>Private<Esc>", true, false, true), "x", false)
  d = wait_diags(buf, function(x) return #x == 0 end)
  local line = vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]
  result(#d == 0 and line == "      AccessControl: Private", "typing keystroke by keystroke ends with the right diagnostics", { d, line })
  vim.api.nvim_buf_set_lines(buf, 6, 7, false, { "      AccessControl: PublicRead" })
  d = wait_diags(buf, function(x) return #x == 1 end)

  -- 4. hover on the finding shows the rule's explanation
  local hov = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 6, character = 25 },
  }, 3000)
  local h = hov and hov[client_id] and hov[client_id].result
  local value = h and h.contents and h.contents.value or ""
  result(value:match("S3001") and value:match("## Why it matters") and value:match("## Correct code"),
    "hover on the finding shows the rule's page", hov)

  -- 5. the code action's edit, applied by Neovim, adds the suppression comment
  local acts = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 6, character = 0 }, ["end"] = { line = 6, character = 0 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 6) },
  }, 3000)
  local list = acts and acts[client_id] and acts[client_id].result or {}
  local act = list[1]
  if act and act.edit then vim.lsp.util.apply_workspace_edit(act.edit, "utf-16") end
  local lines = vim.api.nvim_buf_get_lines(buf, 5, 8, false)
  result(#list == 1 and act.kind == "quickfix" and lines[2] == "      # stacklint: ignore S3001 -- reason" and
    lines[3] == "      AccessControl: PublicRead",
    "the quick fix inserts '# stacklint: ignore S3001 -- reason' above the line", { list, lines })

  -- 6. UTF-16 columns: characters outside the BMP before the problem on its line
  local wbuf = open("wide.yaml")
  d = wait_diags(wbuf, function(x) return #x > 0 end)
  local wline = vim.api.nvim_buf_get_lines(wbuf, 5, 6, false)[1]
  local s, e = wline:find("PublicRead", 1, true)
  result(#d == 1 and d[1].lnum == 5 and d[1].col == s - 1 and d[1].end_col == e,
    "after emoji and accents the range is still exactly on PublicRead (UTF-16 positions)",
    { d, s - 1, e })

  -- 7. JSON templates are linted; a GitHub workflow is not a template
  local jbuf = open("queue.json")
  d = wait_diags(jbuf, function(x) return #x > 0 end)
  result(#d == 1 and d[1].code == "SQS001" and d[1].lnum == 3, "a JSON template gets its diagnostics", d)
  local ybuf = open("workflow.yaml")
  vim.wait(5000, function() return #publishes(ybuf) > 0 end, 10)
  result(#publishes(ybuf) > 0 and #vim.diagnostic.get(ybuf) == 0 and #publishes(ybuf)[#publishes(ybuf)] == 0,
    "a file that is not a template gets no diagnostics", publishes(ybuf))

  -- 8. closing a document clears what the server published for it
  local juri = vim.uri_from_bufnr(jbuf)
  local before = #(published[juri] or {})
  vim.cmd("bwipeout! " .. jbuf)
  vim.wait(3000, function() return #(published[juri] or {}) > before end, 10)
  local last = (published[juri] or {})[#(published[juri] or {})]
  result(#published[juri] > before and #last == 0, "closing a document clears its diagnostics", published[juri])

  -- 9. a folder with its own .stacklint.yaml: the editor shows what the CLI would
  vim.fn.mkdir(data .. "/team", "p")
  vim.fn.writefile({ "rules:", "  S3001: warning" }, data .. "/team/.stacklint.yaml")
  vim.fn.writefile(vim.fn.readfile(data .. "/bucket.yaml"), data .. "/team/bucket.yaml")
  local tbuf = open("team/bucket.yaml")
  d = wait_diags(tbuf, function(x) return #x > 0 end)
  result(#d == 1 and d[1].code == "S3001" and d[1].severity == vim.diagnostic.severity.WARN,
    "a buffer under a .stacklint.yaml gets the severity the file sets", d)

  -- 10. shutdown and exit
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return exit_code ~= nil end, 10)
  result(exit_code == 0, "the server shuts down and exits with status 0 when Neovim stops it", exit_code)
end

-- a Lua error is a failed test, and Neovim still quits
local ok, err = pcall(main)
if not ok then result(false, "neovim.lua ran to the end", err) end
if exit_code == nil then vim.lsp.stop_client(client_id, true) end
out:close()
vim.cmd("qall!")
