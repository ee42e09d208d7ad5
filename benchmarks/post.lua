-- wrk script: POST the callback body in $WRK_BODY (a file) to the URL given on the command line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("WRK_BODY"), "r"))
wrk.body = f:read("*a")
f:close()
