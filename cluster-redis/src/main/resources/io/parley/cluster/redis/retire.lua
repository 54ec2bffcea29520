-- Retires this node's index of one set: its users become the "retired" index, which unindex.lua
-- then works through in small batches, so that no script touches more than a few hundred entries
-- however many users the node held. Run before the node writes its entries again (Redis lost them,
-- or the node missed its heartbeats), when it starts (what an earlier run under the same id left)
-- and when it leaves. Also drops the node from the dead-nodes set: it is alive, and cleans up after
-- itself.
-- KEYS[1] this node's index of the set; KEYS[2] its retired index; KEYS[3] the dead-nodes set.
-- ARGV[1] this node's id.
-- Returns how many users the retired index holds.
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('EXISTS', KEYS[2]) == 1 then
    redis.call('SUNIONSTORE', KEYS[2], KEYS[2], KEYS[1])
    redis.call('DEL', KEYS[1])
  else
    redis.call('RENAME', KEYS[1], KEYS[2])
  end
end
redis.call('SREM', KEYS[3], ARGV[1])
return redis.call('SCARD', KEYS[2])
