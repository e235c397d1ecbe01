// Entry of the HTTP ceiling: the least a Bun server can do per request, answering `OK` like an
// empty getrequest, in its own process as the real server runs.
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  fetch: () => new Response('OK', { headers: { 'content-type': 'text/plain' } }),
})
process.stdout.write(`listening ${server.port}\n`)
process.on('SIGTERM', () => {
  void server.stop(true)
  process.exit(0)
})
