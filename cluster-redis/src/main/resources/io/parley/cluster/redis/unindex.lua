-- Takes a batch of users out of this node's retired index, and this node out of the directory
-- entries of those among them that its current index does not list (those it lists were written
-- again, and are right). Safe at any time: a user is in a node's index exactly when the node is
-- named in the user's entry.
-- KEYS[1] this node's retired index of the set; KEYS[2] its current index.
-- ARGV[1] this node's id; ARGV[2] what comes before a user id in directory entry names of the set;
-- ARGV[3] the batch size.
-- Returns how many users the retired index still holds.
local node = ARGV[1]
for _, user in ipairs(redis.call('SPOP', KEYS[1], tonumber(ARGV[3]))) do
  if redis.call('SISMEMBER', KEYS[2], user) == 0 then
    drop_node(ARGV[2] .. user, node)
  end
end
return redis.call('SCARD', KEYS[1])
