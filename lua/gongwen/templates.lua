---@brief Report skeletons: the one place where the standard parts and headings of
--- each report type live. :Gongwen skeleton, :Gongwen heading (its choices) and the
--- VS Code snippet file (scripts/gen_snippets.lua → snippets/gongwen.json) are all
--- generated from this data. Users add or override types with
--- require('gongwen.edit').setup({ templates = { … } }).
---
--- Text markup inside template strings:
---   {XXX}    a place to fill: a snippet tabstop whose placeholder text is XXX
---            (use X/XX/XXX runs so that unfilled places stay visible as
---            placeholders to the analyzer)
---   {=year}  the current year; every occurrence is the same tabstop
---   {=date}  today's date as 2025年5月6日 (GB/T 9704: no leading zeros)
--- Headings are numbered when rendered (core.marker, GB/T 9704 forms), so the data
--- holds heading texts only.

local M = {}

---@class gongwen.TemplateSection
---@field [1] string heading text (markup allowed)
---@field alt? string[] other common wordings of the heading (offered as choices)
---@field inline? string text run into the heading line after the heading
---@field body? string[] lines under the heading
---@field children? (gongwen.TemplateSection|string)[] subsections one level down
---@field aspects? boolean children come from the template's per-year `aspects`
---@field body_after? string[] lines after the children (e.g. a causes paragraph)

---@class gongwen.Template
---@field id string short name used by :Gongwen skeleton {id}
---@field type string report type the core assigns to the result (doc:subdocs() type)
---@field name string Chinese name
---@field name_en string English name
---@field title string title line
---@field addressee? string 主送 line
---@field opening string opening paragraph (导语), ending in the 现将…如下 formula
---@field sections (gongwen.TemplateSection|string)[] level-1 headings
---@field tail? string[] lines after the last section (e.g. a closing formula)
---@field closing? string closing formula (特此报告。)
---@field signature? string[] signature lines (署名, 成文日期)
---@field aspects? table<integer, string[]> year → aspect headings (对照检查材料)

---@type gongwen.Template[]
local builtin = {
  {
    id = 'dangjian',
    type = 'dangjian',
    name = '抓基层党建工作述职报告',
    name_en = 'report on leading primary-level Party building',
    title = '{XXX}党组织书记{=year}年度抓基层党建工作述职报告',
    opening = '按照{XX}的统一安排，现将本人{=year}年度履行基层党建工作第一责任人职责的情况报告如下：',
    sections = {
      {
        '履行职责情况',
        alt = { '主要做法和成效', '主要做法及成效', '工作开展情况' },
        children = {
          { '上年度述职评议问题整改情况', inline = '。上年度评议指出的{X}个问题，已整改到位{X}个，{XXX}' },
          { '压紧压实党建工作责任', inline = '。{XXX}' },
          { '抓实基层党组织建设', inline = '。{XXX}' },
          { '推动党建与业务工作深度融合', inline = '。{XXX}' },
        },
      },
      {
        '存在的主要问题及原因',
        alt = { '存在的问题及原因', '存在问题及原因' },
        children = {
          { '{XXX}', inline = '。{XXX}' },
          { '{XXX}', inline = '。{XXX}' },
        },
        body_after = { '分析原因，主要有：一是{XXX}；二是{XXX}。' },
      },
      {
        '下一步工作思路和主要措施',
        alt = { '下一步工作打算', '下步打算及措施' },
        children = {
          { '进一步压实党建责任', inline = '。{XXX}' },
          { '进一步提升基层组织建设质量', inline = '。{XXX}' },
          { '进一步加强党员教育管理', inline = '。{XXX}' },
        },
      },
    },
    closing = '以上报告，请予评议。',
    signature = { '述职人：{XXX}', '{=date}' },
  },
  {
    id = 'shulian',
    type = 'shulian',
    name = '述职述廉报告',
    name_en = 'report on duties and integrity (述职述廉 / 述责述廉)',
    title = '{XXX}同志{=year}年度述职述廉报告',
    opening = '根据{XX}的要求，现将本人{=year}年度学习、履职和廉洁自律情况报告如下：',
    sections = {
      { '加强理论学习，提高政治素质', body = { '{XXX}' } },
      {
        '认真履职尽责，推动工作落实',
        children = {
          { '履行全面从严治党“一岗双责”', inline = '。{XXX}' },
          { '抓好分管领域重点工作', inline = '。{XXX}' },
        },
      },
      {
        '严于律己，廉洁从政',
        alt = { '廉洁自律情况' },
        children = {
          { '执行中央八项规定精神情况', inline = '。{XXX}' },
          { '遵守廉洁自律规定情况', inline = '。{XXX}' },
          { '个人有关事项报告情况', inline = '。{XXX}' },
        },
      },
      { '存在的不足', alt = { '存在的问题和不足' }, body = { '一是{XXX}；二是{XXX}。究其原因，主要在于{XXX}。' } },
      { '今后努力方向', alt = { '下一步改进措施' }, body = { '一是{XXX}；二是{XXX}；三是{XXX}。' } },
    },
    closing = '以上报告，请予评议。',
    signature = { '述职人：{XXX}', '{=date}' },
  },
  {
    id = 'yishi',
    type = 'yishi',
    name = '落实意识形态工作责任制情况报告',
    name_en = 'report on the ideological work responsibility system',
    title = '{XXX}党委（党组）关于{=year}年度落实意识形态工作责任制情况的报告',
    addressee = '{XX}：',
    opening = '根据{XX}的部署，现将{=year}年度落实意识形态工作责任制的情况报告如下：',
    sections = {
      {
        '工作开展情况',
        alt = { '履职情况', '自查情况' },
        children = {
          { '加强组织领导，落实主体责任', inline = '。{XXX}' },
          { '深化理论武装，抓好学习教育', inline = '。{XXX}' },
          { '把握正确导向，做好宣传引导', inline = '。{XXX}' },
          { '管好各类阵地，维护网络意识形态安全', inline = '。{XXX}' },
          { '加强队伍建设，严格考核问责', inline = '。{XXX}' },
        },
      },
      {
        '存在的问题',
        alt = { '存在的问题及原因', '存在问题' },
        body = { '一是{XXX}；二是{XXX}。', '产生上述问题的原因：一是{XXX}；二是{XXX}。' },
      },
      {
        '下一步工作打算',
        alt = { '整改措施', '下一步工作措施' },
        children = {
          { '持续压实意识形态工作责任', inline = '。{XXX}' },
          { '持续加强理论武装', inline = '。{XXX}' },
          { '持续巩固宣传思想阵地', inline = '。{XXX}' },
        },
      },
    },
    closing = '特此报告。',
    signature = { '{XXX}党委（党组）', '{=date}' },
  },
  {
    id = 'yigang',
    type = 'yigang',
    name = '“一岗双责”述职报告（党建、党风廉政建设、意识形态）',
    name_en = 'combined report on Party building, integrity and ideological work',
    title = '{XXX}同志{=year}年度履行基层党建、党风廉政建设和意识形态工作责任述职报告',
    opening = '按照{XX}的安排，现将本人{=year}年度履行“一岗双责”的情况报告如下：',
    sections = {
      {
        '基层党建工作履职情况',
        children = {
          { '主要做法及成效', inline = '。{XXX}' },
          { '存在问题及原因', inline = '。{XXX}' },
          { '下一步打算及措施', inline = '。{XXX}' },
        },
      },
      {
        '党风廉政建设履职情况',
        alt = { '履行党风廉政建设责任制情况' },
        children = {
          { '主要做法及成效', inline = '。{XXX}' },
          { '存在问题及原因', inline = '。{XXX}' },
          { '下一步打算及措施', inline = '。{XXX}' },
        },
      },
      {
        '意识形态工作履职情况',
        alt = { '落实意识形态工作责任制情况' },
        children = {
          { '主要做法及成效', inline = '。{XXX}' },
          { '存在问题及原因', inline = '。{XXX}' },
          { '下一步打算及措施', inline = '。{XXX}' },
        },
      },
    },
    closing = '以上报告，请予评议。',
    signature = { '述职人：{XXX}', '{=date}' },
  },
  {
    id = 'duizhao',
    type = 'duizhao',
    name = '民主生活会对照检查材料（领导班子）',
    name_en = 'self-examination material of a leadership team (民主生活会)',
    title = '{XXX}领导班子{=year}年度民主生活会对照检查材料',
    opening = '按照{XX}关于开好{=year}年度民主生活会的要求，班子会前集中学习研讨{X}次，征求意见建议{XX}条，开展谈心谈话{XX}人次。现将对照检查情况报告如下：',
    sections = {
      { '上年度民主生活会整改措施落实情况', alt = { '上年度问题整改情况' }, body = { '上年度查摆的{X}个问题，已整改到位{X}个，{XXX}' } },
      { '存在的问题', alt = { '查摆的问题', '存在的突出问题' }, aspects = true },
      {
        '典型案例剖析',
        alt = { '典型案例剖析情况' },
        children = {
          { '案例剖析', inline = '。以{XXX}案为镜鉴，{XXX}' },
          { '对照查摆自身差距', inline = '。{XXX}' },
        },
      },
      {
        '问题产生的原因',
        alt = { '原因分析', '原因剖析', '根源剖析' },
        children = {
          { '理想信念有所松懈', inline = '。{XXX}' },
          { '宗旨意识有所淡化', inline = '。{XXX}' },
          { '党性修养有所放松', inline = '。{XXX}' },
          { '纪律规矩意识有所弱化', inline = '。{XXX}' },
        },
      },
      {
        '整改措施',
        alt = { '努力方向和整改措施', '下一步整改措施' },
        children = {
          { '加强理论武装，筑牢思想根基', inline = '。{XXX}' },
          { '践行宗旨意识，改进工作作风', inline = '。{XXX}' },
          { '严守纪律规矩，扛牢管党治党责任', inline = '。{XXX}' },
        },
      },
    },
    signature = { '{XXX}领导班子', '{=date}' },
    aspects = {
      [0] = {
        '在理想信念和政治能力方面',
        '在担当作为和推动发展方面',
        '在联系服务群众方面',
        '在落实全面从严治党责任方面',
      },
      [2025] = {
        '在带头强化政治忠诚、提高政治能力方面',
        '在带头固本培元、增强党性方面',
        '在带头敬畏人民、敬畏组织、敬畏法纪方面',
        '在带头干事创业、担当作为方面',
        '在带头坚决扛起管党治党责任方面',
      },
    },
  },
  {
    id = 'duizhao-geren',
    type = 'duizhao',
    name = '民主生活会/组织生活会个人对照检查材料',
    name_en = 'personal self-examination material (民主生活会 / 组织生活会)',
    title = '{XXX}同志{=year}年度民主生活会个人对照检查材料',
    opening = '根据{XX}的通知要求，本人认真学习规定篇目，广泛听取意见，与班子成员和分管部门负责同志谈心谈话{XX}人次。现将个人对照检查情况报告如下：',
    sections = {
      { '上年度问题整改落实情况', body = { '{XXX}' } },
      { '存在的问题', alt = { '查摆的问题' }, aspects = true },
      {
        '原因剖析',
        alt = { '产生问题的原因', '思想根源剖析' },
        children = {
          { '理论学习不够深入', inline = '。{XXX}' },
          { '党性锻炼有所放松', inline = '。{XXX}' },
          { '宗旨意识树得不牢', inline = '。{XXX}' },
        },
      },
      {
        '整改措施',
        alt = { '努力方向和整改措施' },
        children = {
          { '在加强学习上下功夫', inline = '。{XXX}' },
          { '在担当作为上下功夫', inline = '。{XXX}' },
          { '在廉洁自律上下功夫', inline = '。{XXX}' },
        },
      },
    },
    signature = { '{XXX}', '{=date}' },
    aspects = {
      [0] = {
        '在理想信念和政治能力方面',
        '在担当作为和推动发展方面',
        '在联系服务群众方面',
        '在廉洁自律方面',
      },
      [2025] = {
        '在带头强化政治忠诚、提高政治能力方面',
        '在带头固本培元、增强党性方面',
        '在带头敬畏人民、敬畏组织、敬畏法纪方面',
        '在带头干事创业、担当作为方面',
        '在带头坚决扛起管党治党责任方面',
      },
    },
  },
  {
    id = 'zongjie',
    type = 'zongjie',
    name = '年度工作总结（暨明年工作计划）',
    name_en = 'annual work summary (and next year\'s plan)',
    title = '{=year}年{XXX}工作总结',
    opening = '{=year}年，{XXX}在{XX}的领导下，全年完成重点任务{XX}项，各项工作取得新进展。现将全年工作情况总结如下：',
    sections = {
      {
        '主要工作及成效',
        alt = { '主要工作完成情况', '工作回顾' },
        children = {
          { '{XXX}', body = { '{XXX}' } },
          { '{XXX}', body = { '{XXX}' } },
          { '{XXX}', body = { '{XXX}' } },
        },
      },
      { '主要经验体会', alt = { '经验体会', '几点体会' }, body = { '一是{XXX}；二是{XXX}。' } },
      { '存在的问题和不足', alt = { '存在的困难和问题', '存在的问题' }, body = { '一是{XXX}；二是{XXX}。' } },
      {
        '下一年工作计划',
        alt = { '下一步工作打算', '明年工作思路' },
        body = { '新的一年，我们将重点做好以下工作：' },
        children = {
          { '{XXX}', inline = '。{XXX}' },
          { '{XXX}', inline = '。{XXX}' },
          { '{XXX}', inline = '。{XXX}' },
        },
      },
    },
    signature = { '{XXX}', '{=date}' },
  },
  {
    id = 'zhenggai',
    type = 'zhenggai',
    name = '整改情况报告',
    name_en = 'report on rectification',
    title = '{XXX}关于{XX}反馈意见整改情况的报告',
    addressee = '{XX}：',
    opening = '{XXXX}年{X}月{X}日至{X}月{X}日，{XX}对我单位开展了{XX}，并于{XXXX}年{X}月{X}日反馈了意见，指出{X}个方面{XX}个问题。现将整改情况报告如下：',
    sections = {
      {
        '整改工作开展情况',
        alt = { '主要做法' },
        children = {
          { '提高政治站位，加强组织领导', inline = '。{XXX}' },
          { '建立问题、任务、责任清单，压实整改责任', inline = '。{XXX}' },
          { '实行台账管理，逐项对账销号', inline = '。{XXX}' },
        },
      },
      {
        '反馈问题整改落实情况',
        alt = { '具体问题整改情况' },
        body = { '反馈的{XX}个问题，已完成整改{XX}个，基本完成{X}个，正在整改{X}个。具体情况如下：' },
        children = {
          { '关于“{XXX}”的问题', body = { '整改措施：{XXX}', '整改情况：{XXX}' } },
          { '关于“{XXX}”的问题', body = { '整改措施：{XXX}', '整改情况：{XXX}' } },
        },
      },
      { '整改中存在的不足', alt = { '存在的问题' }, body = { '一是{XXX}；二是{XXX}。' } },
      {
        '下一步工作打算',
        alt = { '下一步工作措施' },
        children = {
          { '巩固深化整改成果', inline = '。{XXX}' },
          { '持续推进未完成事项整改', inline = '。{XXX}' },
          { '建立健全长效机制', inline = '。{XXX}' },
        },
      },
    },
    closing = '特此报告。',
    signature = { '{XXX}', '{=date}' },
  },
  {
    id = 'qingkuang',
    type = 'qingkuang',
    name = '情况报告/工作汇报',
    name_en = 'generic situation report / work report',
    title = '{XXX}关于{XXX}情况的报告',
    addressee = '{XX}：',
    opening = '根据{XX}的要求，现将{XXX}有关情况报告如下：',
    sections = {
      { '基本情况', alt = { '总体情况' }, body = { '{XXX}' } },
      {
        '主要做法及成效',
        alt = { '主要做法', '工作开展情况' },
        children = {
          { '{XXX}', inline = '。{XXX}' },
          { '{XXX}', inline = '。{XXX}' },
        },
      },
      { '存在的问题', alt = { '存在的困难和问题' }, body = { '一是{XXX}；二是{XXX}。' } },
      {
        '下一步工作打算',
        alt = { '下一步工作措施', '意见建议' },
        children = {
          { '{XXX}', inline = '。{XXX}' },
          { '{XXX}', inline = '。{XXX}' },
        },
      },
    },
    closing = '特此报告。',
    signature = { '{XXX}', '{=date}' },
  },
  {
    id = 'shuzhi',
    type = 'shuzhi',
    name = '个人述职报告',
    name_en = 'personal annual duty report',
    title = '{XXX}同志{=year}年度个人述职报告',
    opening = '根据{XX}的安排，现将本人{=year}年度的履职情况报告如下：',
    sections = {
      {
        '履职情况',
        alt = { '主要工作及成效', '履行职责情况' },
        children = {
          { '加强学习，提升能力', inline = '。{XXX}' },
          { '履职尽责，推动落实', inline = '。{XXX}' },
          { '廉洁自律，改进作风', inline = '。{XXX}' },
        },
      },
      { '存在的问题', alt = { '存在的不足', '存在的问题及原因' }, body = { '一是{XXX}；二是{XXX}。究其原因，主要是{XXX}。' } },
      { '下一步打算', alt = { '今后努力方向', '下一步工作打算' }, body = { '一是{XXX}；二是{XXX}；三是{XXX}。' } },
    },
    closing = '以上报告，请予评议。',
    signature = { '述职人：{XXX}', '{=date}' },
  },
}

-- Small snippets shipped next to the skeletons (VS Code file, heading choices).
M.extras = {
  opening = {
    '根据{XX}的要求，现将{XXX}情况报告如下：',
    '按照{XX}的安排，现将{XXX}情况汇报如下：',
  },
  closing = { '特此报告。', '以上报告，请予评议。', '以上报告，请审阅。', '妥否，请批示。' },
}

---@type table<string, gongwen.Template|false>
local overrides = {}
---@type table<integer, string[]>
local extra_aspects = {}

--- Fields a template must have (after merging an override onto a built-in).
local required = { 'id', 'type', 'name', 'title', 'opening', 'sections' }

---@param id string
---@param t table
local function validate(id, t)
  for _, k in ipairs(required) do
    if t[k] == nil then
      error(('gongwen.edit.setup: templates[%q] needs the field %q'):format(id, k), 0)
    end
  end
  if type(t.sections) ~= 'table' then
    error(('gongwen.edit.setup: templates[%q].sections must be a list'):format(id), 0)
  end
end

--- Applies user templates: `templates[id] = table` overrides the fields of a built-in
--- type (or adds a new type); `templates[id] = false` removes it. `aspects[year]`
--- adds the aspect headings of a year for the 对照检查材料 types.
---@param opts? { templates?: table<string, table|false>, aspects?: table<integer, string[]> }
function M.setup(opts)
  opts = opts or {}
  for id, t in pairs(opts.templates or {}) do
    if type(id) ~= 'string' or not id:match('^[%w_-]+$') then
      error(('gongwen.edit.setup: template id must be a word, got %s'):format(vim.inspect(id)), 0)
    end
    if t == false then
      overrides[id] = false
    elseif type(t) == 'table' then
      local base = M.builtin_get(id)
      local merged = vim.tbl_extend('force', base and vim.deepcopy(base) or {}, vim.deepcopy(t), { id = id })
      merged.type = merged.type or 'unknown'
      merged.name_en = merged.name_en or merged.name
      validate(id, merged)
      overrides[id] = merged
    else
      error(('gongwen.edit.setup: templates[%q] must be a table or false'):format(id), 0)
    end
  end
  for year, list in pairs(opts.aspects or {}) do
    if type(year) ~= 'number' or type(list) ~= 'table' then
      error('gongwen.edit.setup: aspects must map a year to a list of headings', 0)
    end
    extra_aspects[year] = vim.deepcopy(list)
  end
end

--- Forgets user templates (tests).
function M.reset()
  overrides = {}
  extra_aspects = {}
end

--- The built-in templates (what the snippet file is generated from).
---@return gongwen.Template[]
function M.builtin()
  return builtin
end

---@param id string
---@return gongwen.Template?
function M.builtin_get(id)
  for _, t in ipairs(builtin) do
    if t.id == id then
      return t
    end
  end
end

--- Every template in effect: built-ins (possibly overridden) in their order, then
--- user-added ones sorted by id.
---@return gongwen.Template[]
function M.list()
  local out, seen = {}, {}
  for _, t in ipairs(builtin) do
    seen[t.id] = true
    local o = overrides[t.id]
    if o ~= false then
      out[#out + 1] = o or t
    end
  end
  local added = {}
  for id, t in pairs(overrides) do
    if not seen[id] and t then
      added[#added + 1] = t
    end
  end
  table.sort(added, function(a, b)
    return a.id < b.id
  end)
  return vim.list_extend(out, added)
end

---@param id string
---@return gongwen.Template?
function M.get(id)
  for _, t in ipairs(M.list()) do
    if t.id == id then
      return t
    end
  end
end

--- Template ids in effect.
---@return string[]
function M.ids()
  return vim.tbl_map(function(t)
    return t.id
  end, M.list())
end

--- Aspect headings for a template in a year: the template's (and setup()'s) table
--- entry of the latest year not after `year`, else the entry [0].
---@param t gongwen.Template
---@param year integer
---@return string[]
function M.aspects(t, year)
  local all = vim.tbl_extend('force', {}, t.aspects or {}, extra_aspects)
  local best
  for y in pairs(all) do
    if y ~= 0 and y <= year and (not best or y > best) then
      best = y
    end
  end
  return all[best or 0] or {}
end

---@param s gongwen.TemplateSection|string
---@return gongwen.TemplateSection
local function section(s)
  if type(s) == 'string' then
    return { s }
  end
  return s
end

--- The skeleton as lines in template markup, headings numbered with `marker`.
---@param t gongwen.Template
---@param marker fun(rank: integer, ordinal: integer): string
---@param year integer for the aspect table
---@return string[]
function M.lines(t, marker, year)
  local out = { t.title, '' }
  if t.addressee then
    out[#out + 1] = t.addressee
  end
  out[#out + 1] = t.opening
  local function walk(list, rank)
    for i, s in ipairs(list) do
      s = section(s)
      out[#out + 1] = marker(rank, i) .. s[1] .. (s.inline or '')
      vim.list_extend(out, s.body or {})
      local children = s.children
      if s.aspects then
        children = vim.tbl_map(function(a)
          return { a, inline = '。一是{XXX}；二是{XXX}。' }
        end, M.aspects(t, year))
      end
      if children and rank < 4 then
        walk(children, rank + 1)
      end
      vim.list_extend(out, s.body_after or {})
    end
  end
  walk(t.sections, 1)
  vim.list_extend(out, t.tail or {})
  if t.closing then
    out[#out + 1] = t.closing
  end
  if t.signature then
    out[#out + 1] = ''
    vim.list_extend(out, t.signature)
  end
  return out
end

--- Escapes literal text for the LSP snippet grammar.
---@param s string
---@return string
function M.escape(s)
  return (s:gsub('[\\$}]', '\\%0'))
end

--- Converts markup lines to snippet body lines: {XXX} → ${n:XXX}, {=year} and
--- {=date} → one tabstop each (mirrored). The final cursor position ($0) is left
--- to the engine: the end of the snippet.
---@param lines string[]
---@param vars { year: string, date: string }
---@return string[]
function M.to_snippet(lines, vars)
  local n = 0
  local named = {} ---@type table<string, integer>
  local out = {}
  for _, line in ipairs(lines) do
    local parts, pos = {}, 1
    while true do
      local s, e, inner = line:find('{([^{}]*)}', pos)
      if not s then
        break
      end
      parts[#parts + 1] = M.escape(line:sub(pos, s - 1))
      local var = inner:match('^=(%w+)$')
      if var then
        if named[var] then
          parts[#parts + 1] = ('${%d}'):format(named[var])
        else
          n = n + 1
          named[var] = n
          parts[#parts + 1] = ('${%d:%s}'):format(n, M.escape(vars[var] or var))
        end
      else
        n = n + 1
        parts[#parts + 1] = ('${%d:%s}'):format(n, M.escape(inner))
      end
      pos = e + 1
    end
    parts[#parts + 1] = M.escape(line:sub(pos))
    out[#out + 1] = table.concat(parts)
  end
  return out
end

--- Markup removed: the text a skeleton leaves when every place keeps its default.
---@param lines string[]
---@param vars { year: string, date: string }
---@return string[]
function M.plain(lines, vars)
  return vim.tbl_map(function(l)
    return (l:gsub('{([^{}]*)}', function(inner)
      local var = inner:match('^=(%w+)$')
      return var and (vars[var] or var) or inner
    end))
  end, lines)
end

--- Standard heading texts of a report type at a level, for :Gongwen heading:
--- level 1 → the type's level-1 headings; deeper → the children of the template
--- heading whose text (or a variant) is `parent_text`. Markup-only texts ({XXX})
--- are left out. Each element: { text, alt = {…} }.
---@param report_type string core report type id
---@param rank integer
---@param parent_text? string
---@param year integer
---@return { [1]: string, alt: string[] }[]
function M.headings(report_type, rank, parent_text, year)
  local out, seen = {}, {}
  local function push(s)
    s = section(s)
    if not s[1]:find('{', 1, true) and not seen[s[1]] then
      seen[s[1]] = true
      out[#out + 1] = { s[1], alt = s.alt or {} }
    end
  end
  local function matches(s)
    if s[1] == parent_text then
      return true
    end
    for _, a in ipairs(s.alt or {}) do
      if a == parent_text then
        return true
      end
    end
    return false
  end
  local function find(list, r, t)
    for _, s in ipairs(list) do
      s = section(s)
      if r == rank - 1 and matches(s) then
        local kids = s.children
        if s.aspects then
          kids = M.aspects(t, year)
        end
        for _, c in ipairs(kids or {}) do
          push(c)
        end
      elseif s.children and r < rank - 1 then
        find(s.children, r + 1, t)
      end
    end
  end
  for _, t in ipairs(M.list()) do
    if t.type == report_type then
      if rank == 1 then
        for _, s in ipairs(t.sections) do
          push(s)
        end
      elseif parent_text then
        find(t.sections, 1, t)
      end
    end
  end
  return out
end

return M
