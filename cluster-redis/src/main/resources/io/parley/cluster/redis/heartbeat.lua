-- Keeps this node alive: drops the nodes whose time is up, (re)registers this one until now + ttl
-- and pushes the expiry of its node sets to the same moment.
-- KEYS[1] the nodes sorted set; KEYS[2..] this node's sets.
-- ARGV[1] this node's id; ARGV[2] the ttl in milliseconds.
-- Returns 1 when this node was not registered as alive (Redis lost its data, or the node missed
-- its heartbeats and was dropped): the node must then write its sets again.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local added = redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
for i = 2, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return added
