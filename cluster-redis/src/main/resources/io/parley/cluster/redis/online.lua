-- Which of the given users some live node holds, from their directory entries (the
-- comma-separated ids of the nodes holding them): O(users + nodes holding them), however many
-- nodes are alive. Entries naming a dead node lose it on the way (lazy clean-up).
-- KEYS[1] the nodes sorted set; KEYS[2..] the users' directory entries.
-- Returns one 0 or 1 per entry, in the order given.
local alive = liveness(KEYS[1], now_millis())

local found = {}
for first = 2, #KEYS, 1000 do
  local last = math.min(first + 999, #KEYS)
  local entries = redis.call('MGET', unpack(KEYS, first, last))
  for j = 1, #entries do
    local entry = entries[j]
    local flag = 0
    if entry then
      local key = KEYS[first - 1 + j]
      if single(entry) then
        if alive(entry) then
          flag = 1
        else
          redis.call('DEL', key)
        end
      elseif #prune(key, entry, alive) > 0 then
        flag = 1
      end
    end
    found[first - 2 + j] = flag
  end
end
return found
