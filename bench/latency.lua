-- Prints the latency percentiles analytics.sh reads, including p95 which wrk --latency omits.
-- The key travels in the KEY environment variable.
local key = os.getenv("KEY")
request = function()
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. key })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
