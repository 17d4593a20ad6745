-- Requests random paths from a file, one path a line (PATHS); with KEY set, each carries the
-- storefront key. Used for the token lookups and the tracking pages.
local key = os.getenv("KEY")
local file = os.getenv("PATHS")
local paths = {}

function init(args)
  math.randomseed(os.time())
  for line in io.lines(file) do
    paths[#paths + 1] = line
  end
  if key and key ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. key
  end
end

function request()
  return wrk.format("GET", paths[math.random(1, #paths)])
end
