-- Neovim 0.7 as a second LSP client of the built language server.
-- Run: nvim --headless --clean -u test/e2e/nvim/test.lua examples/vnx/server_log
-- Exits 0 when every check passes, 1 otherwise (also on an unexpected Lua error).
-- 0.7 has no vim.lsp.start (0.8+): start_client + buf_attach_client instead.

local function log(msg)
  io.stdout:write(msg .. '\n')
end

local failures = 0
local function check(ok, what, detail)
  if ok then
    log('ok   ' .. what)
  else
    failures = failures + 1
    log('FAIL ' .. what .. (detail and (': ' .. detail) or ''))
  end
end

local function finish()
  log(failures == 0 and 'all checks passed' or (failures .. ' check(s) failed'))
  vim.cmd('cquit ' .. (failures == 0 and 0 or 1))
end

local function main()
  -- The repository root is three folders above this script (test/e2e/nvim/test.lua).
  local script = debug.getinfo(1, 'S').source:sub(2)
  local root = vim.fn.fnamemodify(script, ':p:h:h:h:h')
  local server = root .. '/dist/server.js'
  check(vim.fn.filereadable(server) == 1, 'built server at ' .. server)

  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.api.nvim_buf_line_count(bufnr) > 14, 'example log loaded', vim.api.nvim_buf_get_name(bufnr))
  -- The filetype is what Neovim sends as the document's languageId.
  vim.bo[bufnr].filetype = 'vnx-server-log'

  local client_id = vim.lsp.start_client({
    name = 'logtriage',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
  })
  check(client_id ~= nil, 'language server started')
  if not client_id then return end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local published = vim.wait(15000, function()
    return #vim.diagnostic.get(bufnr) >= 4
  end, 50)
  check(published, 'diagnostics published within 15 s', #vim.diagnostic.get(bufnr) .. ' so far')

  -- Other rules may find more in this example; these are the ones this test is about.
  local rules = { ['vnx/ckpt-wait'] = true, ['vnx/ckpt-timer-expired'] = true, ['vnx/snapsure-create-failed'] = true }
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if rules[d.code] then
      table.insert(got, string.format('%d %s %s %s', d.lnum + 1, d.code, vim.diagnostic.severity[d.severity], d.source))
    end
  end
  table.sort(got)
  local expected = {
    '11 vnx/ckpt-wait WARN logtriage',
    '13 vnx/ckpt-timer-expired ERROR logtriage',
    -- lines 14 and 15 are one SnapSure failure: one finding that counts both
    '14 vnx/snapsure-create-failed ERROR logtriage',
  }
  check(vim.deep_equal(got, expected), 'diagnostics: line, code, severity, source',
    '\n  got      ' .. table.concat(got, ' | ') .. '\n  expected ' .. table.concat(expected, ' | '))

  -- Hover on the level digit of line 13 (`CMD: 3:`), positions 0-based.
  local line = vim.api.nvim_buf_get_lines(bufnr, 12, 13, true)[1]
  local character = line:find('CMD: 3:', 1, true) - 1 + #'CMD: '
  check(line:sub(character + 1, character + 1) == '3', 'level digit located on line 13')
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 12, character = character },
  }, 5000)
  local text = ''
  for _, response in pairs(responses or {}) do
    local contents = response.result and response.result.contents
    if type(contents) == 'table' and contents.value then text = text .. contents.value end
  end
  -- Hover markdown escapes punctuation; compare what a reader sees.
  local shown = text:gsub('\\(.)', '%1')
  check(shown:find('syslog level 3: error', 1, true) ~= nil, 'hover names the syslog level', shown:sub(1, 200))

  vim.lsp.stop_client(client_id)
end

-- -u scripts run before the file arguments are loaded: start once they are.
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(main)
    if not ok then
      failures = failures + 1
      log('FAIL unexpected error: ' .. tostring(err))
    end
    finish()
  end,
})
