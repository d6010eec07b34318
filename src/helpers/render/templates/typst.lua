-- What pandoc's Typst writer leaves to us (run last: after sanitize.lua; nothing in HTML).
--
-- Typst markup at the start of a table cell or list item: pandoc's Typst writer escapes a
-- paragraph that starts with `=`, `+`, `-` or `/`, not a cell (`[= 0]`, the summary's
-- "unchanged", became a heading inside the table); such a first character is escaped here.
--
-- Alt text: pandoc's Typst writer drops an image's alt text; the PDF's tagged image must carry
-- it. Every image left after sanitize.lua is one the renderer wrote, its alt text in its caption.
--
-- Table column widths: Typst sizes an `auto` column by laying out each of its cells to measure
-- it, then again at the width found (~20 % of a report's Typst time). A table whose cells are
-- plain text (words, spaces, bold) in the measured characters gets its columns' widths here,
-- as Typst would find them: each cell's advances and widening kerning in the table's font
-- (font_widths.lua, from the PDF's own font files; helpers/render/font_widths.py) plus the
-- cell's inset, never narrower, so no cell wraps that would not have. A table pandoc sized
-- itself (wider than --columns), one with a span or any other content, or one wider than the
-- page is left to Typst.
--
-- The filter names its one format (`formats`, which pandoc's command line ignores):
-- helpers/render/templates/session.lua does not walk it for the HTML.

local stringify = pandoc.utils.stringify

local TYPST_LINE_START = { ["="] = true, ["+"] = true, ["-"] = true, ["/"] = true }

local function typst_escaped_start(plain)
  -- stringify first: most cells start with a digit or a letter, and are not read into Lua.
  if FORMAT ~= "typst" or not TYPST_LINE_START[stringify(plain):sub(1, 1)] then
    return nil
  end
  local first = plain.content[1]
  if not first or first.t ~= "Str" or not TYPST_LINE_START[first.text:sub(1, 1)] then
    return nil
  end
  local escaped = { pandoc.RawInline("typst", "\\" .. first.text:sub(1, 1)) }
  if #first.text > 1 then
    table.insert(escaped, pandoc.Str(first.text:sub(2)))
  end
  local content = pandoc.Inlines(escaped)
  content:extend({ table.unpack(plain.content, 2) })
  return pandoc.Plain(content)
end

-- What report.typ sets for a table (tests/render/test_typst_widths.py reads them there): the
-- text width of an A4 page less 22 mm margins each side, the cells' 8.5 pt text and 5 pt
-- inset each side. SLACK covers rounding.
local TEXT_WIDTH = 595.2756 - 2 * 22 * 72 / 25.4
local CELL_SIZE = 8.5
local CELL_INSET = 2 * 5
local SLACK = 0.25

local font_widths -- font_widths.lua beside this file, read on first use
local function widths()
  if not font_widths then
    local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
    font_widths = dofile(here .. "font_widths.lua")
  end
  return font_widths
end

-- A cell's text as runs of one face: {face, text}; nil for anything but words and bold.
local function text_runs(inlines, face, runs)
  for _, el in ipairs(inlines) do
    local text
    if el.t == "Str" then
      text = el.text
    elseif el.t == "Space" or el.t == "SoftBreak" then
      text = " "
    elseif el.t == "RawInline" and el.format == "typst" and el.text:match("^\\[=+/-]$") then
      text = el.text:sub(2) -- typst_escaped_start's escape: one character in the PDF
    elseif el.t == "Strong" then
      if not text_runs(el.content, "bold", runs) then
        return nil
      end
    else
      return nil
    end
    if text then
      local last = runs[#runs]
      if last and last[1] == face then
        last[2] = last[2] .. text
      else
        table.insert(runs, { face, text })
      end
    end
  end
  return runs
end

-- The widest a cell's text can be, in points; nil when it cannot be measured.
local function cell_width(cell, face)
  if cell.col_span ~= 1 or cell.row_span ~= 1 or #cell.contents > 1 then
    return nil
  end
  local block = cell.contents[1]
  if not block then
    return 0
  end
  if block.t ~= "Plain" and block.t ~= "Para" then
    return nil
  end
  local runs = text_runs(block.content, face, {})
  if not runs then
    return nil
  end
  local fonts, units = widths(), 0
  for _, run in ipairs(runs) do
    local metrics, previous = fonts[run[1]], nil
    for _, code in utf8.codes(run[2]) do
      local advance = metrics.advance[code]
      if not advance then
        return nil
      end
      units = units + advance + (previous and metrics.widen[previous * 65536 + code] or 0)
      previous = code
    end
  end
  return units * CELL_SIZE / fonts.units_per_em
end

local function column_widths(tbl)
  if FORMAT ~= "typst" then
    return nil
  end
  local widest = {}
  for i, spec in ipairs(tbl.colspecs) do
    if spec[2] ~= nil then -- pandoc's own relative widths
      return nil
    end
    widest[i] = 0
  end
  local function measure(rows, face)
    for _, row in ipairs(rows) do
      if #row.cells ~= #widest then
        return false
      end
      for i, cell in ipairs(row.cells) do
        local width = cell_width(cell, face)
        if not width then
          return false
        end
        widest[i] = math.max(widest[i], width)
      end
    end
    return true
  end
  local parts = { { tbl.head.rows, "bold" }, { tbl.foot.rows, "regular" } }
  for _, body in ipairs(tbl.bodies) do
    table.insert(parts, { body.head, "bold" })
    table.insert(parts, { body.body, "regular" })
  end
  for _, part in ipairs(parts) do
    if not measure(part[1], part[2]) then
      return nil
    end
  end
  local fractions, total = {}, 0
  for i, width in ipairs(widest) do
    fractions[i] = math.ceil((width + CELL_INSET + SLACK) / TEXT_WIDTH * 10000) / 10000
    total = total + fractions[i]
  end
  if #widest == 0 or total > 1 then
    return nil
  end
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], fractions[i] }
  end
  return tbl
end

local function image_with_alt(image)
  if FORMAT ~= "typst" then
    return nil
  end
  local text = stringify(image.caption):gsub("\\", "\\\\"):gsub('"', '\\"')
  return pandoc.RawInline("typst", '#image("' .. image.src .. '", alt: "' .. text .. '")')
end

return {
  { Image = image_with_alt, Plain = typst_escaped_start, Table = column_widths,
    formats = { "typst" } },
}
