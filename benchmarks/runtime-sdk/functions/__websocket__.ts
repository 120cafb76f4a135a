// The SDK benchmark's WebSocket function: echo every message back on the socket it came from.
export default async function (ctx: FunctionContext) {
  if (ctx.method === 'WebSocket:message') ctx.socket.send(ctx.params.data)
}
