-- Shared by every script (LuaScript puts it before each): Redis's clock, which nodes are alive,
-- and directory entries (a user's entry is the comma-separated ids of the nodes holding them).

-- Now, in milliseconds, by Redis's clock.
local function now_millis()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A function telling whether a node is alive (its expiry in the nodes sorted set is after now),
-- asking Redis once per node.
local function liveness(nodes, now)
  local live = {}
  return function(node)
    local known = live[node]
    if known == nil then
      local score = redis.call('ZSCORE', nodes, node)
      known = score ~= false and tonumber(score) > now
      live[node] = known
    end
    return known
  end
end

-- The nodes named in an entry for which keep(node) holds.
local function kept_nodes(entry, keep)
  local kept = {}
  for node in string.gmatch(entry, '[^,]+') do
    if keep(node) then
      kept[#kept + 1] = node
    end
  end
  return kept
end

-- Stores the entry naming nodes, or deletes it when they are none.
local function store_entry(key, nodes)
  if #nodes == 0 then
    redis.call('DEL', key)
  else
    redis.call('SET', key, table.concat(nodes, ','))
  end
end

-- Whether an entry names one node only: the common case, which callers on hot paths handle
-- without a table or a pattern match.
local function single(entry)
  return not string.find(entry, ',', 1, true)
end

-- The live nodes an entry names; the dead ones are dropped from it (lazy clean-up).
local function prune(key, entry, alive)
  local kept = kept_nodes(entry, alive)
  if table.concat(kept, ',') ~= entry then
    store_entry(key, kept)
  end
  return kept
end

-- Takes node out of the entry at key, if it is named there.
local function drop_node(key, node)
  local entry = redis.call('GET', key)
  if entry then
    store_entry(key, kept_nodes(entry, function(other) return other ~= node end))
  end
end

