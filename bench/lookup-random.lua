-- Random tracking lookups over the benchmark's orders, with the storefront key.
-- ORDERS, KEY and (optionally) RATE_PER_CONN come from the environment.
local orders = tonumber(os.getenv("ORDERS") or "10000")
local key = os.getenv("KEY")
local rate = tonumber(os.getenv("RATE_PER_CONN") or "0")
-- SEQUENTIAL=1 walks every order once in turn (to warm the cache) instead of picking at random.
local sequential = os.getenv("SEQUENTIAL") == "1"
local next_order = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
  wrk.headers["Authorization"] = "Bearer " .. key
end

function request()
  local n
  if sequential then
    next_order = next_order % orders + 1
    n = next_order
  else
    n = math.random(1, orders)
  end
  return wrk.format("GET", "/api/v1/tracking?orderNumber=B-" .. n .. "&email=shopper" .. n .. "%40example.com")
end

-- With RATE_PER_CONN set, each connection waits between requests to hold a fixed rate.
function delay()
  if rate > 0 then
    return 1000 / rate
  end
  return 0
end

function response(status, headers, body)
  if status ~= 200 then
    errors = (errors or 0) + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non2xx=%d\n", summary.errors.status))
end
