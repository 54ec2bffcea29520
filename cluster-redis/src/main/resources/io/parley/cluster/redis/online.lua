-- Which of the given users some live node holds, from their directory entries (the
-- comma-separated ids of the nodes holding them): O(users + nodes holding them), however many
-- nodes are alive. Entries naming a dead node lose it on the way (lazy clean-up).
-- KEYS[1] the nodes sorted set; KEYS[2..] the users' directory entries.
-- Returns one 0 or 1 per entry, in the order given.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local live = {}
local function alive(node)
  local known = live[node]
  if known == nil then
    local score = redis.call('ZSCORE', KEYS[1], node)
    known = score ~= false and tonumber(score) > now
    live[node] = known
  end
  return known
end

local found = {}
for first = 2, #KEYS, 1000 do
  local last = math.min(first + 999, #KEYS)
  local entries = redis.call('MGET', unpack(KEYS, first, last))
  for j = 1, #entries do
    local entry = entries[j]
    local flag = 0
    if entry then
      local key = KEYS[first - 1 + j]
      if not string.find(entry, ',', 1, true) then
        -- one node holds the user: the common case, without a pattern match
        if alive(entry) then
          flag = 1
        else
          redis.call('DEL', key)
        end
      else
        local kept = {}
        local named = 0
        for node in string.gmatch(entry, '[^,]+') do
          named = named + 1
          if alive(node) then
            kept[#kept + 1] = node
          end
        end
        if #kept == 0 then
          redis.call('DEL', key)
        else
          flag = 1
          if #kept < named then
            redis.call('SET', key, table.concat(kept, ','))
          end
        end
      end
    end
    found[first - 2 + j] = flag
  end
end
return found
