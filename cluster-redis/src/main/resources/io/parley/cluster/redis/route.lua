-- Publishes an event to every live node that holds some of its recipients (but the publishing
-- node, unless ARGV[1] is empty): one message per node, on the node's channel, made of the
-- recipients that node holds (comma-separated decimal ids), a newline, then the encoded event.
-- Reads each recipient's directory entry (the comma-separated ids of the nodes holding them) and
-- asks the nodes sorted set once per distinct node named there whether it is alive, so a call
-- costs O(recipients + nodes holding them), however many nodes are alive. Entries naming a dead
-- node lose it on the way (lazy clean-up).
-- KEYS[1] the nodes sorted set; KEYS[2..] the recipients' directory entries (subscriptions).
-- ARGV[1] the publishing node's id, whose users are skipped (empty: skip none); ARGV[2] what comes before a node id in channel names;
-- ARGV[3] what comes before a user id in directory entry names; ARGV[4] the encoded event.
-- Returns how many nodes the event was published to.
local alive = liveness(KEYS[1], now_millis())

local held = {}
local targets = {}
local skip = #ARGV[3]
local function hold(node, key)
  local users = held[node]
  if users == nil then
    users = {}
    held[node] = users
    targets[#targets + 1] = node
  end
  users[#users + 1] = string.sub(key, skip + 1)
end
for first = 2, #KEYS, 1000 do
  local last = math.min(first + 999, #KEYS)
  local entries = redis.call('MGET', unpack(KEYS, first, last))
  for j = 1, #entries do
    local entry = entries[j]
    if entry then
      local key = KEYS[first - 1 + j]
      if single(entry) then
        if not alive(entry) then
          redis.call('DEL', key)
        elseif entry ~= ARGV[1] then
          hold(entry, key)
        end
      else
        for _, node in ipairs(prune(key, entry, alive)) do
          if node ~= ARGV[1] then
            hold(node, key)
          end
        end
      end
    end
  end
end
for _, node in ipairs(targets) do
  redis.call('PUBLISH', ARGV[2] .. node, table.concat(held[node], ',') .. '\n' .. ARGV[4])
end
return #targets
