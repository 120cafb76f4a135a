// GET /json: a small JSON document, the kind most API functions answer with
import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  return {
    app: cloud.appid,
    method: ctx.method,
    time: new Date().toISOString(),
    items: [1, 2, 3].map((n) => ({ id: n, label: `item ${n}` })),
  }
}
