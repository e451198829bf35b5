-- A real editor as the language server's client: Neovim (0.7 and later) starts
-- `rolelint server`, opens one file, waits for its diagnostics and writes them, one a line
-- (`line:column code first line of the message`), to the file the test compares.
local bin = os.getenv("ROLELINT_BIN")
local root = os.getenv("ROLELINT_ROOT")
local file = os.getenv("ROLELINT_FILE")
local out = os.getenv("ROLELINT_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = "rolelint", cmd = { bin, "server" }, root_dir = root })
vim.lsp.buf_attach_client(buf, id)

local got = vim.wait(60000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local lines = {}
if not got then
  table.insert(lines, "no diagnostics within 60 s")
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then
    code = d.user_data.lsp.code
  end
  local first = string.match(d.message, "[^\n]*")
  table.insert(lines, string.format("%d:%d %s %s", d.lnum + 1, d.col + 1, tostring(code), first))
end
table.sort(lines)
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.cmd("qa!")
