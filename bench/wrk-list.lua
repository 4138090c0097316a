-- wrk script: GET /v1/services (first page) with the API key from the environment.
local key = os.getenv("DP_API_KEY")
request = function()
  return wrk.format("GET", "/v1/services", { ["Authorization"] = "Bearer " .. key })
end
