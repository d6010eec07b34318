-- Where things go on the page, for both writers (run before sanitize.lua).
--
-- A chart's caption: a paragraph that is one bold run, directly followed by a figure the
-- renderer wrote itself (as the report's chart functions show their title above the chart),
-- becomes that figure's caption: in the PDF "Gambar 3. <title>", kept on the chart's page, in
-- HTML a <figcaption>. A figure that already has a caption (`#| fig-cap:`) is left alone.
--
-- Typst markup at the start of a table cell or list item: pandoc's Typst writer escapes a
-- paragraph that starts with `=`, `+`, `-` or `/`, not a cell (`[= 0]`, the summary's
-- "unchanged", became a heading inside the table); such a first character is escaped here.
--
-- Content for one format: a Div of class `only-html` is left out of the PDF (a long table in
-- full, which the PDF shortens), one of class `only-pdf` out of the HTML (a note saying where
-- the full table is).

-- The extensions are helpers/render/outputs.py's IMAGE_TYPES (as in sanitize.lua).
local OWN_FIGURE = { "^fig%-%d+%.svg$", "^fig%-%d+%.png$", "^fig%-%d+%.jpg$", "^fig%-%d+%.gif$",
  "^fig%-%d+%.webp$" }

local function own_chart(block)
  if not block or (block.t ~= "Para" and block.t ~= "Plain") or #block.content ~= 1 then
    return nil
  end
  local image = block.content[1]
  if image.t ~= "Image" or #image.caption > 0 then
    return nil
  end
  for _, pattern in ipairs(OWN_FIGURE) do
    if image.src:lower():match(pattern) then
      return image
    end
  end
  return nil
end

local function bold_line(block)
  if block.t == "Para" and #block.content == 1 and block.content[1].t == "Strong" then
    return block.content[1].content
  end
  return nil
end

local function captioned(blocks)
  -- Most lists (every table cell's) have no chart: left as they are (nil), not rebuilt, so
  -- pandoc does not read a new list back.
  local any = false
  for i = 1, #blocks - 1 do
    if bold_line(blocks[i]) and own_chart(blocks[i + 1]) then
      any = true
      break
    end
  end
  if not any then
    return nil
  end
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local caption = bold_line(blocks[i])
    local image = caption and own_chart(blocks[i + 1])
    if image then
      out:insert(pandoc.Figure({ pandoc.Plain({ image }) }, { pandoc.Plain(caption) }))
      i = i + 2
    else
      out:insert(blocks[i])
      i = i + 1
    end
  end
  return out
end

local function for_this_format(div)
  local html = FORMAT:match("html") ~= nil
  if (div.classes:includes("only-html") and not html)
      or (div.classes:includes("only-pdf") and html) then
    return {}
  end
  return nil
end

local TYPST_LINE_START = { ["="] = true, ["+"] = true, ["-"] = true, ["/"] = true }

local function typst_escaped_start(plain)
  if FORMAT ~= "typst" then
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

return {
  { Div = for_this_format },
  { Blocks = captioned },
  { Plain = typst_escaped_start },
}
