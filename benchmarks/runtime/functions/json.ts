export default async function (ctx: FunctionContext) {
  return { ...ctx.body, handled: true }
}
