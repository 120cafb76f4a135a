-- wrk script: POST a ~1 KB todo as JSON
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"write the benchmark section","notes":"' .. string.rep("lorem ipsum dolor sit amet ", 34)
  .. '","tags":["bench","sdk","mongo","todo"]}'
