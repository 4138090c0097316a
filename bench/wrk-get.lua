-- wrk script: GET /v1/services/bench-<random 1..10000> with the API key from the environment.
local key = os.getenv("DP_API_KEY")
local names = tonumber(os.getenv("BENCH_NAMES") or "10000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/v1/services/bench-" .. math.random(1, names), { ["Authorization"] = "Bearer " .. key })
end
