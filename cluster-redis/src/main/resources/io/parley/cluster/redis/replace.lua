-- Replaces this node's entries for one set by the given users: takes the node out of the
-- directory entry of every user its index lists, then puts it into the entries of the given users
-- and makes them the index. With no users it just clears the node's entries: at start-up (what an
-- earlier run under the same id left) and on leaving. Also drops the node from the dead-nodes set,
-- since it is alive and its entries are now right.
-- KEYS[1] this node's index of the set; KEYS[2] the dead-nodes set.
-- ARGV[1] this node's id; ARGV[2] what comes before a user id in directory entry names of the set;
-- ARGV[3..] the users.
-- Returns how many users were written.
local node = ARGV[1]
local function without(key)
  local entry = redis.call('GET', key)
  if not entry then
    return
  end
  local kept = {}
  for other in string.gmatch(entry, '[^,]+') do
    if other ~= node then
      kept[#kept + 1] = other
    end
  end
  if #kept == 0 then
    redis.call('DEL', key)
  else
    redis.call('SET', key, table.concat(kept, ','))
  end
end
local function with(key)
  local entry = redis.call('GET', key)
  if not entry then
    redis.call('SET', key, node)
    return
  end
  for other in string.gmatch(entry, '[^,]+') do
    if other == node then
      return
    end
  end
  redis.call('SET', key, entry .. ',' .. node)
end

for _, user in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  without(ARGV[2] .. user)
end
redis.call('DEL', KEYS[1])
for i = 3, #ARGV, 1000 do
  local last = math.min(i + 999, #ARGV)
  for j = i, last do
    with(ARGV[2] .. ARGV[j])
  end
  redis.call('SADD', KEYS[1], unpack(ARGV, i, last))
end
redis.call('SREM', KEYS[2], node)
return #ARGV - 2
