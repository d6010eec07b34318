-- Neutralise untrusted Markdown before any writer sees it.
--
-- Analysts' narrative reaches the report as Markdown. Raw HTML/TeX are already disabled in the
-- reader; this filter closes what remains: key=value attributes (onclick=, style=, src=…),
-- links with script-capable schemes, and images that point anywhere but the figures the
-- renderer wrote itself (remote images would break self-containment and leak readers' IPs).
-- The renderer marks its own figures with a `bnn-alt` attribute carrying the alt text, which
-- becomes the image's caption (its alt text; typst.lua hands it to the PDF).
--
-- Nothing here depends on the output format: helpers/render/templates/session.lua walks it
-- once a report for both writers.

local SAFE_LINK = { "^https?://", "^mailto:", "^#" }
-- The extensions are helpers/render/outputs.py's IMAGE_TYPES.
local OWN_FIGURE = {
  "^fig%-%d+%.svg$", "^fig%-%d+%.png$", "^fig%-%d+%.jpg$", "^fig%-%d+%.gif$", "^fig%-%d+%.webp$",
}

local function matches_any(s, patterns)
  local lower = s:lower()
  for _, p in ipairs(patterns) do
    if lower:match(p) then
      return true
    end
  end
  return false
end

local function clean_attr(el)
  -- An element without key=value attributes is already clean: left as it is (nil), so pandoc
  -- does not read it back (most cells, spans and headers).
  if not el.attr or #el.attributes == 0 then
    return nil
  end
  el.attr = pandoc.Attr(el.identifier or "", el.classes or {}, {})
  return el
end

local function inline(el)
  if el.t == "Image" then
    if not matches_any(el.src, OWN_FIGURE) then
      return pandoc.Emph(el.caption)
    end
    local alt = el.attributes["bnn-alt"]
    clean_attr(el)
    if alt and alt ~= "" then
      el.caption = { pandoc.Str(alt) }
    end
    el.title = ""
    return el
  elseif el.t == "Link" then
    if not matches_any(el.target, SAFE_LINK) then
      return pandoc.Span(el.content)
    end
    el.title = ""
    clean_attr(el)
    return el
  end
  return clean_attr(el)
end

-- Only the elements that carry attributes, links or images (pandoc 3: Code, Image, Link, Span;
-- CodeBlock, Div, Figure, Header, Table): a catch-all Inline/Block function would be called for
-- every word and space, which was a third of each pandoc run.
return {
  {
    Image = inline, Link = inline, Code = clean_attr, Span = clean_attr,
    CodeBlock = clean_attr, Header = clean_attr, Div = clean_attr, Table = clean_attr,
    Figure = clean_attr,
  },
}
