-- A long-lived pandoc for helpers/pandoc_session.py: `pandoc lua session.lua` reads one JSON
-- request per line on stdin and answers each with one JSON line on stdout.
--
-- A request reads its Markdown once and writes it in every format it asks for, each exactly as
--   pandoc --from READER --columns COLUMNS --lua-filter FILTER… --metadata KEY=VALUE…
--          --to FORMAT --standalone --template TEMPLATE [--toc --toc-depth=N]
--          --variable KEY=VALUE… --wrap=none --syntax-highlighting=none
-- would (the Python tests compare the bytes). Starting pandoc, reading the Markdown and pandoc's
-- garbage collection at exit were most of the two runs a report used to take.
--
--   request: {markdown, reader, columns, meta = {k = v}, filters = {path…},
--             writers = {{format, template, variables = {k = v}, toc, toc_depth}…}}
--   answer:  {outputs = {format = text}}  or  {error = message}
--
-- The filters are walked once a report for all its writers while their walks give every writer
-- the same document: until a walk reads FORMAT (from then on each writer has its own). A filter
-- with a `formats` list is walked for those formats only.

-- stdout carries answers only: a filter's print goes to stderr.
print = function(...)
  local parts = table.pack(...)
  for i = 1, parts.n do
    parts[i] = tostring(parts[i])
  end
  io.stderr:write(table.concat(parts, "\t"), "\n")
end

-- FORMAT, as the filters read it: through _G's metatable, so that the session sees which walks
-- read it. A walk that did not read it gave the same document for every format.
local format, format_read
rawset(_G, "FORMAT", nil)
setmetatable(_G, {
  __index = function(_, key)
    if key == "FORMAT" then
      format_read = true
      return format
    end
  end,
})

local loaded_filters = {}

-- A filter file returns its list of filters (as sanitize.lua does); each is loaded once.
local function filters_in(path)
  if not loaded_filters[path] then
    local chunk = assert(loadfile(path))
    loaded_filters[path] = chunk()
  end
  return loaded_filters[path]
end

-- Compiling a template costs about as much as a writer's pass over a report (~8 ms for
-- report.html, ~3.5 ms for report.typ): each is compiled once per text it has when read, so an
-- edited template is compiled anew. A partial, found beside its template, is read when the
-- template is compiled (the report's templates have none).
local compiled_templates = {}

local function template(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("a")
  file:close()
  local cached = compiled_templates[path]
  if cached == nil or cached.text ~= text then
    cached = { text = text, template = pandoc.template.compile(text, path) }
    compiled_templates[path] = cached
  end
  return cached.template
end

local function walked(doc, filter, writer)
  format, format_read = writer.format, false
  return doc:walk(filter), format_read
end

-- A filter with a `formats` list (which pandoc's command line ignores: its functions do nothing
-- for the others) is walked for those formats only.
local function applies(filter, writer)
  if filter.formats == nil then
    return true
  end
  for _, name in ipairs(filter.formats) do
    if name == writer.format then
      return true
    end
  end
  return false
end

-- One filter over each group of writers that share a document. A walk that read FORMAT is
-- done again for each other writer of its group, which goes on with its own document.
local function filtered(groups, filter)
  local out = {}
  for _, group in ipairs(groups) do
    local walking, left = {}, {}
    for _, writer in ipairs(group.writers) do
      table.insert(applies(filter, writer) and walking or left, writer)
    end
    if #left > 0 then
      table.insert(out, { doc = group.doc, writers = left })
    end
    if #walking > 0 then
      local doc, read = walked(group.doc, filter, walking[1])
      if not read then
        table.insert(out, { doc = doc, writers = walking })
      else
        table.insert(out, { doc = doc, writers = { walking[1] } })
        for i = 2, #walking do
          local own = walked(group.doc, filter, walking[i])
          table.insert(out, { doc = own, writers = { walking[i] } })
        end
      end
    end
  end
  return out
end

-- A grid table is the only Markdown table whose cells hold blocks (paragraphs, Divs): without
-- one, every cell is one Plain, and layout.lua does not walk into the cells.
local function has_grid_table(markdown)
  return markdown:find("^[ \t]*%+[-=:]") ~= nil or markdown:find("\n[ \t]*%+[-=:]") ~= nil
end

-- The filters run once a report for all writers, as long as they give every writer the same
-- document (what pandoc's command line would do once per writer, with that writer's FORMAT).
local function render(request)
  local doc = pandoc.read(request.markdown, request.reader, { columns = request.columns })
  for key, value in pairs(request.meta) do
    doc.meta[key] = pandoc.MetaString(value) -- what --metadata KEY=VALUE gives a string
  end
  rawset(_G, "WORKBOOK_PLAIN_CELLS", not has_grid_table(request.markdown))
  local groups = { { doc = doc, writers = request.writers } }
  format = request.writers[1] and request.writers[1].format -- a file loading reads the first
  for _, path in ipairs(request.filters) do
    for _, filter in ipairs(filters_in(path)) do
      groups = filtered(groups, filter)
    end
  end
  local outputs = {}
  for _, group in ipairs(groups) do
    for _, writer in ipairs(group.writers) do
      outputs[writer.format] = pandoc.write(group.doc, writer.format, pandoc.WriterOptions({
        template = template(writer.template),
        table_of_contents = writer.toc,
        toc_depth = writer.toc_depth,
        variables = writer.variables,
        wrap_text = "wrap-none",
        highlight_method = "none",
      }))
    end
  end
  return outputs
end

while true do
  local line = io.read("l")
  if line == nil then -- the Python process closed the pipe (or is gone): stop
    break
  end
  local ok, result = pcall(function()
    return render(pandoc.json.decode(line, false))
  end)
  local answer = ok and { outputs = result } or { error = tostring(result) }
  io.stdout:write(pandoc.json.encode(answer), "\n")
  io.stdout:flush()
end
