-- Which of the given users some live node holds in its set of the given name.
-- KEYS[1] the nodes sorted set.
-- ARGV[1] what comes before a node id in node set names; ARGV[2] the set's name; ARGV[3..] users.
-- Returns one 0 or 1 per user, in the order given.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local found = {}
for i = 3, #ARGV do
  found[i - 2] = 0
end
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')) do
  local set = ARGV[1] .. node .. ':' .. ARGV[2]
  for first = 3, #ARGV, 1000 do
    local last = math.min(first + 999, #ARGV)
    local flags = redis.call('SMISMEMBER', set, unpack(ARGV, first, last))
    for j, flag in ipairs(flags) do
      if flag == 1 then
        found[first - 3 + j] = 1
      end
    end
  end
end
return found
