-- Publishes an event to every other live node that holds some of its recipients: one message per
-- node, on the node's channel, made of the recipients that node holds (comma-separated decimal
-- ids), a newline, then the encoded event.
-- KEYS[1] the nodes sorted set.
-- ARGV[1] this node's id; ARGV[2] what comes before a node id in set and channel names;
-- ARGV[3] the subscriber set's name; ARGV[4] the encoded event; ARGV[5..] the recipients.
-- Returns how many nodes the event was published to.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local published = 0
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')) do
  if node ~= ARGV[1] then
    local set = ARGV[2] .. node .. ':' .. ARGV[3]
    local held = {}
    for first = 5, #ARGV, 1000 do
      local last = math.min(first + 999, #ARGV)
      local flags = redis.call('SMISMEMBER', set, unpack(ARGV, first, last))
      for j, flag in ipairs(flags) do
        if flag == 1 then
          held[#held + 1] = ARGV[first - 1 + j]
        end
      end
    end
    if #held > 0 then
      redis.call('PUBLISH', ARGV[2] .. node, table.concat(held, ',') .. '\n' .. ARGV[4])
      published = published + 1
    end
  end
end
return published
