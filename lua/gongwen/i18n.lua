---@brief Messages of the Neovim layer in Chinese (default) and English.
--- The analyzer's own texts (diagnostics, report type and role names) come from
--- the core.

local M = {}

local messages = {
  zh = {
    no_module = '无法加载 C 模块 gongwen.core（%s）。请在插件目录运行 make：cd %s && make；详情见 :checkhealth gongwen',
    not_attached = '当前缓冲区未启用 gongwen（可用 :Gongwen attach）',
    disabled = '当前缓冲区已禁用 gongwen（vim.g.gongwen_disable 或 vim.b.gongwen_disable）',
    not_loaded = '缓冲区未加载',
    too_large = '缓冲区 %.1f MB 超过上限 %.1f MB：只高亮可见范围内的占位符，诊断已关闭',
    large_unavailable = '缓冲区过大，此功能不可用（见 max_filesize）',
    large_resumed = '缓冲区已减小到 %.1f MB（上限 %.1f MB）：恢复全文分析',
    attached = '已启用 gongwen',
    detached = '已停用 gongwen',
    no_problems = '没有发现问题',
    problems = '发现 %d 个问题',
    usage = '用法：:Gongwen {%s}',
    unknown_sub = '未知子命令：%s',
    no_entries = '没有可选的条目',
    pick_prompt = '跳转到',
    outline_title = '大纲',
    outline_none = '（没有标题）',
    outline_nobuf = '（当前窗口没有启用 gongwen 的报告）',
    missing = '缺少：',
    complete = '结构完整',
    col_placeholders = '占位',
    col_diagnostics = '问题',
    check_title = 'Gongwen 检查',
  },
  en = {
    no_module = 'cannot load the C module gongwen.core (%s). Build it in the plugin directory: cd %s && make; see :checkhealth gongwen',
    not_attached = 'gongwen is not attached to this buffer (try :Gongwen attach)',
    disabled = 'gongwen is disabled for this buffer (vim.g.gongwen_disable or vim.b.gongwen_disable)',
    not_loaded = 'buffer is not loaded',
    too_large = 'buffer is %.1f MB, above the %.1f MB limit: only placeholders in view are highlighted, diagnostics are off',
    large_unavailable = 'not available in a buffer this large (see max_filesize)',
    large_resumed = 'buffer is down to %.1f MB (limit %.1f MB): full analysis resumed',
    attached = 'attached',
    detached = 'detached',
    no_problems = 'no problems found',
    problems = '%d problem(s) found',
    usage = 'usage: :Gongwen {%s}',
    unknown_sub = 'unknown subcommand: %s',
    no_entries = 'nothing to pick',
    pick_prompt = 'Go to',
    outline_title = 'Outline',
    outline_none = '(no headings)',
    outline_nobuf = '(no gongwen report in the source window)',
    missing = 'missing: ',
    complete = 'all parts present',
    col_placeholders = 'ph',
    col_diagnostics = 'diag',
    check_title = 'Gongwen check',
  },
}

--- Abbreviated role names for the outline's narrow role column (a layout choice
--- of this window; the names themselves come from the core).
local roles_short = {
  zh = { achievements = '成效', problems = '问题', causes = '原因', plans = '打算' },
  en = { achievements = 'work', problems = 'prob', causes = 'cause', plans = 'plan' },
}

---@return 'zh'|'en'
function M.lang()
  return require('gongwen.config').get().lang
end

--- Formats message `key` in the configured language.
---@param key string
---@param ... any format arguments
---@return string
function M.t(key, ...)
  local s = messages[M.lang()][key] or messages.en[key] or key
  if select('#', ...) > 0 then
    return s:format(...)
  end
  return s
end

--- Name of a role id ("problems" -> "存在问题", from the core); `short` gives the
--- abbreviation of the outline column. The id itself when the core has no name.
---@param id string
---@param short? boolean
---@return string
function M.role(id, short)
  if short then
    return roles_short[M.lang()][id] or id
  end
  local core = require('gongwen.native').load()
  local ok, name = pcall(function()
    return core.role_name(id, M.lang())
  end)
  return ok and name or id
end

return M
