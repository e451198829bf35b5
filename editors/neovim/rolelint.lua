-- rolelint's language server in Neovim.
--
-- Neovim 0.11 and later: put this file in ~/.config/nvim/lsp/ (as rolelint.lua, without
-- the last line) or run it from init.lua.
local config = {
  cmd = { "rolelint", "server" },
  filetypes = { "yaml", "markdown", "text" },
  root_markers = { "rolelint.yaml", ".rolelint.yaml", ".git" },
}

if vim.lsp.config then
  vim.lsp.config("rolelint", config)
  vim.lsp.enable("rolelint")
else
  -- Neovim 0.8 to 0.10: start it for each buffer of those types.
  vim.api.nvim_create_autocmd("FileType", {
    pattern = config.filetypes,
    callback = function(args)
      local root = vim.fs.dirname(vim.fs.find(config.root_markers, {
        upward = true,
        path = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
      })[1])
      vim.lsp.start({ name = "rolelint", cmd = config.cmd, root_dir = root })
    end,
  })
end
