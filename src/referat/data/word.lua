-- referat's pandoc filter for Word files (referat.word): what a meeting file writes is shown as
-- the HTML documents show it, and nothing in it reaches outside the document.

-- Raw HTML is text, as in the HTML documents (markdown-it with html off), never dropped.
function RawInline(el)
  return pandoc.Str(el.text)
end

function RawBlock(el)
  return pandoc.Para({pandoc.Str(el.text)})
end

-- An image is its description: nothing is read or fetched (pandoc's --sandbox refuses it too).
function Image(el)
  if #el.caption > 0 then
    return el.caption
  end
  return pandoc.Str(el.src)
end

-- A link goes to the web or to mail only (mdrender.safe_href); any other keeps its text.
local SAFE = { http = true, https = true, mailto = true }

function Link(el)
  local scheme = el.target:match("^%s*([%a][%w+.-]*):")
  if scheme and SAFE[scheme:lower()] then
    return el
  end
  return el.content
end
