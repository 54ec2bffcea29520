-- Keeps this node alive and sweeps a little of what dead nodes left behind.
-- Moves the nodes whose time is up from the nodes sorted set to the dead-nodes set, (re)registers
-- this node until now + ttl, then takes up to a budget of users out of one dead node's indexes
-- (current and retired), removing that node from their directory entries; a dead node whose
-- indexes are empty leaves the dead-nodes set. So the entries of a node that died disappear within a few heartbeats of the
-- survivors, however many users it held, at a bounded cost per heartbeat.
-- KEYS[1] the nodes sorted set; KEYS[2] the dead-nodes set.
-- ARGV[1] this node's id; ARGV[2] the ttl in milliseconds; ARGV[3] what comes before a node id in
-- index names (<ARGV[3]><node>:<set>); ARGV[4] what comes before a set name in directory entry
-- names (<ARGV[4]><set>:<user>); ARGV[5] the sweep budget (users); ARGV[6..] the set names.
-- Returns 1 when this node was not registered as alive (Redis lost its data, or the node missed
-- its heartbeats and was dropped): the node must then write its entries again.
local now = now_millis()
local ttl = tonumber(ARGV[2])
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  if node ~= ARGV[1] then
    redis.call('SADD', KEYS[2], node)
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local added = redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])

local victim = redis.call('SRANDMEMBER', KEYS[2])
local score = victim and redis.call('ZSCORE', KEYS[1], victim)
if score and tonumber(score) > now then
  redis.call('SREM', KEYS[2], victim) -- alive again: its entries are its own to rewrite
elseif victim then
  local budget = tonumber(ARGV[5])
  local left = 0
  for i = 6, #ARGV do
    -- the node's index of the set, and its retired index (a restart or rewrite it did not finish)
    local current = ARGV[3] .. victim .. ':' .. ARGV[i]
    for _, index in ipairs({current, current .. ':old'}) do
      if budget > 0 then
        local users = redis.call('SPOP', index, budget)
        budget = budget - #users
        for _, user in ipairs(users) do
          drop_node(ARGV[4] .. ARGV[i] .. ':' .. user, victim)
        end
      end
      left = left + redis.call('SCARD', index)
    end
  end
  if left == 0 then
    redis.call('SREM', KEYS[2], victim)
  end
end
return added
