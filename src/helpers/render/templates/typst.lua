-- What pandoc's Typst writer leaves to us (run last: after sanitize.lua; nothing in HTML).
--
-- Typst markup at the start of a table cell or list item: pandoc's Typst writer escapes a
-- paragraph that starts with `=`, `+`, `-` or `/`, not a cell (`[= 0]`, the summary's
-- "unchanged", became a heading inside the table); such a first character is escaped here.
--
-- Alt text: pandoc's Typst writer drops an image's alt text; the PDF's tagged image must carry
-- it. Every image left after sanitize.lua is one the renderer wrote, its alt text in its caption.
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

local function image_with_alt(image)
  if FORMAT ~= "typst" then
    return nil
  end
  local text = stringify(image.caption):gsub("\\", "\\\\"):gsub('"', '\\"')
  return pandoc.RawInline("typst", '#image("' .. image.src .. '", alt: "' .. text .. '")')
end

return {
  { Image = image_with_alt, Plain = typst_escaped_start, formats = { "typst" } },
}
