-- Names this node in the directory entries of the given users, and adds them to its index of the
-- set (after retire.lua, when the node writes its entries again).
-- KEYS[1] this node's index of the set.
-- ARGV[1] this node's id; ARGV[2] what comes before a user id in directory entry names of the set;
-- ARGV[3..] the users (a few hundred at most).
-- Returns how many users were written.
local node = ARGV[1]
for i = 3, #ARGV do
  local key = ARGV[2] .. ARGV[i]
  local entry = redis.call('GET', key)
  if not entry then
    redis.call('SET', key, node)
  else
    local named = false
    for other in string.gmatch(entry, '[^,]+') do
      if other == node then
        named = true
      end
    end
    if not named then
      redis.call('SET', key, entry .. ',' .. node)
    end
  end
end
if #ARGV > 2 then
  redis.call('SADD', KEYS[1], unpack(ARGV, 3, #ARGV))
end
return #ARGV - 2
