-- Adds this node to, or removes it from, a user's directory entry for one set (and the user to,
-- or from, the node's index of that set), and tells whether another live node holds the user.
-- A directory entry is a string: the comma-separated ids of the nodes holding the user. Dead nodes
-- named in it are dropped on the way (lazy clean-up). Cost: O(nodes holding the user).
-- KEYS[1] the nodes sorted set; KEYS[2] this node's index of the set; KEYS[3] the user's entry.
-- ARGV[1] 'add' or 'remove'; ARGV[2] this node's id; ARGV[3] the user.
-- Returns 1 if another live node holds the user, else 0.
local alive = liveness(KEYS[1], now_millis())
local kept = {}
local entry = redis.call('GET', KEYS[3])
if entry then
  kept = kept_nodes(entry, function(node) return node ~= ARGV[2] and alive(node) end)
end
local elsewhere = #kept > 0 and 1 or 0
if ARGV[1] == 'add' then
  kept[#kept + 1] = ARGV[2]
  redis.call('SADD', KEYS[2], ARGV[3])
else
  redis.call('SREM', KEYS[2], ARGV[3])
end
store_entry(KEYS[3], kept)
return elsewhere
