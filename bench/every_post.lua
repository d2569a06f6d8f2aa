-- wrk script: request the posts listed in a file, one after another, so that almost every
-- request is for a post not read before in this content generation.
--   wrk ... -s bench/every_post.lua http://127.0.0.1:8210 -- /tmp/bench-post-paths.txt
local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  -- Each run starts somewhere new (a run must not find the posts the last run read), and
  -- the two threads half the list apart, walking it in the same direction.
  math.randomseed(os.time())
  start = math.random(#paths)
  position = (start + math.floor(#paths * number / 2)) % #paths
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
