-- Where things go on the page, for both writers (run before sanitize.lua).
--
-- A chart's caption: a paragraph that is one bold run, directly followed by a figure the
-- renderer wrote itself (as the report's chart functions show their title above the chart),
-- becomes that figure's caption: in the PDF "Gambar 3. <title>", kept on the chart's page, in
-- HTML a <figcaption>. A figure that already has a caption (`#| fig-cap:`) is left alone.
--
-- Content for one format: a Div of class `only-html` is left out of the PDF (a long table in
-- full, which the PDF shortens), one of class `only-pdf` out of the HTML (a note saying where
-- the full table is). It is left out before captions are made: a bold line and a chart with
-- such a Div between them are a captioned chart in the format that leaves the Div out.
--
-- Both are one function of each list of blocks (pandoc calls it for every list; a table cell's
-- only where the cell may hold more than one Plain: below): a list without a chart or a Div for
-- one format is left as it is (nil), so pandoc does not read it back. FORMAT is read only for a
-- Div of one format: for every other report the result is the same for both writers, and
-- helpers/render/templates/session.lua walks it once a report.

local stringify = pandoc.utils.stringify

-- The extensions are helpers/render/outputs.py's IMAGE_TYPES (as in sanitize.lua).
local OWN_FIGURE = { "^fig%-%d+%.svg$", "^fig%-%d+%.png$", "^fig%-%d+%.jpg$", "^fig%-%d+%.gif$",
  "^fig%-%d+%.webp$" }

local function own_chart(block)
  -- A chart has no text (its image no caption): most paragraphs are told apart by pandoc's
  -- stringify alone, without reading their every word into Lua.
  if stringify(block) ~= "" or #block.content ~= 1 then
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
  if #block.content == 1 and block.content[1].t == "Strong" then
    return block.content[1].content
  end
  return nil
end

local function for_other_format(div)
  local html_only, pdf_only = div.classes:includes("only-html"), div.classes:includes("only-pdf")
  if not (html_only or pdf_only) then
    return false
  end
  local html = FORMAT:match("html") ~= nil
  return (html_only and not html) or (pdf_only and html)
end

local function captioned(blocks, kinds)
  -- The charts with a bold line just above them, by the line's position.
  local caption_at = {}
  local any = false
  for i = 1, #blocks - 1 do
    if kinds[i] == "Para" and (kinds[i + 1] == "Para" or kinds[i + 1] == "Plain") then
      local image = own_chart(blocks[i + 1])
      local caption = image and bold_line(blocks[i])
      if caption then
        caption_at[i] = { image, caption }
        any = true
      end
    end
  end
  if not any then
    return nil
  end
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local chart = caption_at[i]
    if chart then
      out:insert(pandoc.Figure({ pandoc.Plain({ chart[1] }) }, { pandoc.Plain(chart[2]) }))
      i = i + 2
    else
      out:insert(blocks[i])
      i = i + 1
    end
  end
  return out
end

local function laid_out(blocks)
  local kinds, dropped = {}, false
  for i = 1, #blocks do
    kinds[i] = blocks[i].t
    dropped = dropped or (kinds[i] == "Div" and for_other_format(blocks[i]))
  end
  if not dropped then
    return captioned(blocks, kinds)
  end
  local kept, kept_kinds = pandoc.Blocks({}), {}
  for i = 1, #blocks do
    if not (kinds[i] == "Div" and for_other_format(blocks[i])) then
      kept:insert(blocks[i])
      kept_kinds[#kept_kinds + 1] = kinds[i]
    end
  end
  return captioned(kept, kept_kinds) or kept
end

-- A table's cells: where session.lua found no grid table in the report's Markdown, every cell is
-- one Plain (pipe, simple and multiline tables), which laid_out leaves as it is, so the walk does
-- not go into them (~700 cells a BNNK report, ~5 ms of pandoc). Elsewhere (pandoc's command
-- line, or a grid table, whose cells hold paragraphs and Divs) it goes in, as before. Walked top
-- down for that: laid_out of a list neither depends on nor changes the lists inside its blocks,
-- so either order gives the same document.
local function table_cells()
  if WORKBOOK_PLAIN_CELLS then
    return nil, false
  end
end

return {
  { Blocks = laid_out, Table = table_cells, traverse = "topdown" },
}
