-- Adds a user to, or removes it from, one of this node's sets, and tells whether another live node
-- holds the user in its set of the same name.
-- KEYS[1] the nodes sorted set; KEYS[2] this node's set.
-- ARGV[1] 'add' or 'remove'; ARGV[2] this node's id; ARGV[3] the ttl in milliseconds;
-- ARGV[4] what comes before a node id in node set names; ARGV[5] the set's name; ARGV[6] the user.
-- Returns 1 if another live node holds the user, else 0.
if ARGV[1] == 'add' then
  redis.call('SADD', KEYS[2], ARGV[6])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
else
  redis.call('SREM', KEYS[2], ARGV[6])
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')) do
  if node ~= ARGV[2]
      and redis.call('SISMEMBER', ARGV[4] .. node .. ':' .. ARGV[5], ARGV[6]) == 1 then
    return 1
  end
end
return 0
