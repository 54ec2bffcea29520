-- Adds this node to, or removes it from, a user's directory entry for one set (and the user to,
-- or from, the node's index of that set), and tells whether another live node holds the user.
-- A directory entry is a string: the comma-separated ids of the nodes holding the user. Dead nodes
-- named in it are dropped on the way (lazy clean-up). Cost: O(nodes holding the user).
-- KEYS[1] the nodes sorted set; KEYS[2] this node's index of the set; KEYS[3] the user's entry.
-- ARGV[1] 'add' or 'remove'; ARGV[2] this node's id; ARGV[3] the user.
-- Returns 1 if another live node holds the user, else 0.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local kept = {}
local entry = redis.call('GET', KEYS[3])
if entry then
  for node in string.gmatch(entry, '[^,]+') do
    if node ~= ARGV[2] then
      local score = redis.call('ZSCORE', KEYS[1], node)
      if score and tonumber(score) > now then
        kept[#kept + 1] = node
      end
    end
  end
end
local elsewhere = #kept > 0 and 1 or 0
if ARGV[1] == 'add' then
  kept[#kept + 1] = ARGV[2]
  redis.call('SADD', KEYS[2], ARGV[3])
else
  redis.call('SREM', KEYS[2], ARGV[3])
end
if #kept == 0 then
  redis.call('DEL', KEYS[3])
else
  redis.call('SET', KEYS[3], table.concat(kept, ','))
end
return elsewhere
