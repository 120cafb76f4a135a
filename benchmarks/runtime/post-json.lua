-- wrk script: POST a ~1 KB JSON document
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local items = {}
for i = 1, 20 do
  items[#items + 1] = string.format('{"id":%d,"name":"item-%d","tags":["a","b","c"],"price":%d.5}', i, i, i * 3)
end
wrk.body = '{"user":"bench","items":[' .. table.concat(items, ",") .. ']}'
