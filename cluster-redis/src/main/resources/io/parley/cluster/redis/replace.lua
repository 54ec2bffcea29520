-- Replaces one of this node's sets by the given members (after Redis lost it).
-- KEYS[1] the set. ARGV[1] the ttl in milliseconds; ARGV[2..] the members.
-- Returns how many members were written.
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 1000 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
if #ARGV > 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return #ARGV - 1
