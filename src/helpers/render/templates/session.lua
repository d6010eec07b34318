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

-- stdout carries answers only: a filter's print goes to stderr.
print = function(...)
  local parts = table.pack(...)
  for i = 1, parts.n do
    parts[i] = tostring(parts[i])
  end
  io.stderr:write(table.concat(parts, "\t"), "\n")
end

local loaded_filters = {}

-- A filter file returns its list of filters (as sanitize.lua does); each is loaded once.
local function filters_in(path)
  if not loaded_filters[path] then
    local chunk = assert(loadfile(path))
    loaded_filters[path] = chunk()
  end
  return loaded_filters[path]
end

local function template(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("a")
  file:close()
  return pandoc.template.compile(text, path) -- partials are found beside the template
end

local function render(request)
  local doc = pandoc.read(request.markdown, request.reader, { columns = request.columns })
  for key, value in pairs(request.meta) do
    doc.meta[key] = pandoc.MetaString(value) -- what --metadata KEY=VALUE gives a string
  end
  local outputs = {}
  for _, writer in ipairs(request.writers) do
    FORMAT = writer.format -- what filters see, as with --to
    local written = doc
    for _, path in ipairs(request.filters) do
      for _, filter in ipairs(filters_in(path)) do
        written = written:walk(filter)
      end
    end
    outputs[writer.format] = pandoc.write(written, writer.format, pandoc.WriterOptions({
      template = template(writer.template),
      table_of_contents = writer.toc,
      toc_depth = writer.toc_depth,
      variables = writer.variables,
      wrap_text = "wrap-none",
      highlight_method = "none",
    }))
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
