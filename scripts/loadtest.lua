-- wrk script for `make loadtest`: a fixed mix of valid and invalid requests against `rsr serve`.
-- Arguments (after `--`): a PNG and a JPEG to upscale. Prints status counts and latency percentiles;
-- loadtest.sh fails the run if any 5xx appears.

local function slurp(path)
  local file = assert(io.open(path, "rb"))
  local data = file:read("*a")
  file:close()
  return data
end

-- A 69-byte PNG whose header claims 50000x50000 pixels (a decompression bomb): must be a 413.
local bomb = "\137\80\78\71\13\10\26\10\0\0\0\13\73\72\68\82\0\0\195\80\0\0\195\80\8\2\0\0\0\196\205\170\157" ..
             "\0\0\0\12\73\68\65\84\120\156\99\96\160\12\0\0\0\64\0\1\183\52\124\239\0\0\0\0\73\69\78\68\174\66\96\130"

local requests = {}
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local png, jpeg = slurp(args[1]), slurp(args[2])
  local png_headers = { ["Content-Type"] = "image/png" }
  local jpeg_headers = { ["Content-Type"] = "image/jpeg" }
  -- 20 slots: the proportions of the mix.
  local mix = {
    { 8, wrk.format("POST", "/v1/upscale?scale=2", png_headers, png) },
    { 3, wrk.format("POST", "/v1/upscale?scale=2&format=jpeg&quality=85", jpeg_headers, jpeg) },
    { 1, wrk.format("POST", "/v1/residual?scale=2", png_headers, png) },
    { 2, wrk.format("POST", "/v1/upscale?scale=2", png_headers, "this is not an image") },         -- 415
    { 1, wrk.format("POST", "/v1/upscale?scale=2", png_headers, string.sub(png, 1, 2000)) },       -- 422
    { 1, wrk.format("POST", "/v1/upscale?scale=2", png_headers, bomb) },                           -- 413
    { 1, wrk.format("POST", "/v1/upscale?scale=9", png_headers, png) },                            -- 400
    { 1, wrk.format("POST", "/v1/upscale?scale=2", png_headers, "") },                             -- 400
    { 1, wrk.format("GET", "/healthz") },
    { 1, wrk.format("GET", "/v1/jobs/00000000000000000000000000000000") },                          -- 404
  }
  for _, entry in ipairs(mix) do
    for _ = 1, entry[1] do table.insert(requests, entry[2]) end
  end
  statuses = {}
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests_done)
  local totals = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do totals[status] = (totals[status] or 0) + count end
  end
  local keys = {}
  for status in pairs(totals) do table.insert(keys, status) end
  table.sort(keys)
  local server_errors = 0
  io.write("status counts:")
  for _, status in ipairs(keys) do
    io.write(string.format(" %d=%d", status, totals[status]))
    if status >= 500 then server_errors = server_errors + totals[status] end
  end
  io.write("\n")
  io.write(string.format("requests: %d in %.1f s = %.1f req/s\n", summary.requests, summary.duration / 1e6,
                         summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                         latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                         latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n", summary.errors.connect,
                         summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("5xx: %d\n", server_errors))
end
